<?xml version="1.0" encoding="UTF-8"?>
<!-- Volunteer service certificates (志愿服务记录证明): the printable
     certificate with its QR code, the public verification page, and the
     register and issuing form shown on the look-up result and on the
     volunteer's staff page. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svg="http://www.w3.org/2000/svg" exclude-result-prefixes="svg">

  <!-- The certificate: one A4 page printed (static/print.css). -->
  <xsl:template match="page[@name='certificate']" mode="main">
    <xsl:variable name="c" select="certificate"/>
    <xsl:call-template name="cert-status-notice"><xsl:with-param name="c" select="$c"/></xsl:call-template>
    <p class="no-print">请用浏览器的“打印”功能打印本页（A4 纸），盖章后生效。本页地址请妥善保存，不要转给他人；别人核验请扫描证明上的二维码。</p>
    <article class="certificate">
      <h2>志愿服务记录证明</h2>
      <p class="cert-number">证明编号：<xsl:value-of select="$c/@number"/></p>
      <p class="cert-body">
        <xsl:text>兹证明 </xsl:text><strong><xsl:value-of select="$c/@name"/></strong>
        <xsl:text>（证件类型：居民身份证，证件号码：</xsl:text><xsl:value-of select="$c/@id-mask"/>
        <xsl:text>；志愿者编号：</xsl:text><xsl:value-of select="$c/@volunteer-number"/>
        <xsl:text>）于 </xsl:text><xsl:value-of select="$c/@period"/>
        <xsl:text> 期间参加农村互助养老志愿服务，累计服务时长 </xsl:text>
        <strong class="cert-hours"><xsl:value-of select="$c/@hours"/></strong>
        <xsl:text> 小时，共服务 </xsl:text><xsl:value-of select="$c/@services"/><xsl:text> 次。主要服务内容如下：</xsl:text>
      </p>
      <table class="sheet cert-types">
        <thead><tr><th>服务内容</th><th>服务次数</th><th>服务时长（小时）</th></tr></thead>
        <tbody>
          <xsl:for-each select="$c/type">
            <tr><td><xsl:value-of select="@name"/></td><td><xsl:value-of select="@services"/></td><td><xsl:value-of select="@hours"/></td></tr>
          </xsl:for-each>
          <xsl:if test="not($c/type)"><tr><td colspan="3">这一期间没有服务记录。</td></tr></xsl:if>
          <tr class="total"><th>合计</th><th><xsl:value-of select="$c/@services"/></th><th><xsl:value-of select="$c/@hours"/></th></tr>
        </tbody>
      </table>
      <p class="cert-note">服务时长以服务站登记的服务台账为准，已作废的记录不计入；多名志愿者共同完成的服务，每人按服务全程计时。特此证明。</p>
      <div class="cert-foot">
        <dl class="cert-sign">
          <dt>出具单位</dt><dd><xsl:value-of select="$c/@issuer"/>（盖章）</dd>
          <dt>经办人</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$c/@officer != ''"><xsl:value-of select="$c/@officer"/></xsl:when>
              <xsl:otherwise>志愿者本人网上查询开具</xsl:otherwise>
            </xsl:choose>
          </dd>
          <dt>联系电话</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$c/@phone != ''"><xsl:value-of select="$c/@phone"/></xsl:when>
              <xsl:otherwise>请咨询所在乡镇民政办</xsl:otherwise>
            </xsl:choose>
          </dd>
          <dt>开具日期</dt><dd><xsl:value-of select="$c/@issued"/></dd>
        </dl>
        <figure class="cert-qr">
          <xsl:apply-templates select="$c/qr"/>
          <figcaption>扫码核验真伪<br/><span class="cert-url" translate="no"><xsl:value-of select="$c/qr/@text"/></span></figcaption>
        </figure>
      </div>
    </article>
  </xsl:template>

  <!-- The QR code: the dark modules as one path, black on white. -->
  <xsl:template match="qr">
    <svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="核验二维码"
         viewBox="0 0 {@size} {@size}" width="{@size * 4}" height="{@size * 4}" shape-rendering="crispEdges">
      <rect width="{@size}" height="{@size}" fill="#fff"/>
      <path d="{@path}" fill="#000"/>
    </svg>
  </xsl:template>

  <xsl:template name="cert-status-notice">
    <xsl:param name="c"/>
    <xsl:choose>
      <xsl:when test="$c/@status = 'superseded'">
        <p class="notice warn">这份证明已被新证明替代（新证明编号 <xsl:value-of select="$c/@successor"/>），不再有效。</p>
      </xsl:when>
      <xsl:when test="$c/@status = 'revoked'">
        <p class="notice warn">这份证明已于 <xsl:value-of select="$c/@revoked"/> 撤销，不再有效。<xsl:if test="$c/@revoke-reason != ''">原因：<xsl:value-of select="$c/@revoke-reason"/></xsl:if></p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- /verify/CODE: the essentials, the name masked. -->
  <xsl:template match="page[@name='certificate-verify']" mode="main">
    <xsl:variable name="c" select="certificate"/>
    <xsl:choose>
      <xsl:when test="$c/@status = 'valid'">
        <p class="notice ok" role="status"><strong>真实有效。</strong>这份证明由 <xsl:value-of select="$c/@issuer"/> 通过本平台开具，内容如下。</p>
      </xsl:when>
      <xsl:otherwise>
        <p class="notice warn" role="status"><strong>证明是本平台开具的，但<xsl:value-of select="$c/@status-label"/>，不再有效。</strong></p>
      </xsl:otherwise>
    </xsl:choose>
    <dl class="facts cert-verify">
      <dt>状态</dt>
      <dd>
        <strong class="cert-status"><xsl:value-of select="$c/@status-label"/></strong>
        <xsl:if test="$c/@status = 'superseded'">（新证明编号 <xsl:value-of select="$c/@successor"/>）</xsl:if>
        <xsl:if test="$c/@status = 'revoked'">（<xsl:value-of select="$c/@revoked"/> 撤销）</xsl:if>
      </dd>
      <dt>证明编号</dt><dd class="cert-number"><xsl:value-of select="$c/@number"/></dd>
      <dt>志愿者</dt><dd class="cert-name"><xsl:value-of select="$c/@name-masked"/></dd>
      <dt>证明期间</dt><dd><xsl:value-of select="$c/@period"/></dd>
      <dt>服务时长</dt><dd><span class="cert-hours"><xsl:value-of select="$c/@hours"/></span> 小时（<xsl:value-of select="$c/@services"/> 次）</dd>
      <dt>出具单位</dt><dd><xsl:value-of select="$c/@issuer"/></dd>
      <dt>开具日期</dt><dd><xsl:value-of select="$c/@issued"/></dd>
    </dl>
    <p class="muted">请核对纸质证明上的编号、期间和时长与本页一致。</p>
  </xsl:template>

  <!-- The volunteer's certificates. With $staff, a revoke form for each
       valid one. -->
  <xsl:template name="cert-register">
    <xsl:param name="staff" select="false()"/>
    <xsl:if test="/page/certificates/certificate">
      <table class="list certificates">
        <thead><tr><th>证明编号</th><th>期间</th><th>服务时长</th><th>开具</th><th>状态</th><xsl:if test="$staff"><th>操作</th></xsl:if></tr></thead>
        <tbody>
          <xsl:for-each select="/page/certificates/certificate">
            <tr>
              <td><a href="/volunteer/certificate/{@access}"><xsl:value-of select="@number"/></a></td>
              <td><xsl:value-of select="@period"/></td>
              <td><xsl:value-of select="@hours"/> 小时</td>
              <td><xsl:value-of select="@issued"/><xsl:if test="@via = 'staff'">（<xsl:value-of select="@officer"/>）</xsl:if><xsl:if test="@via = 'lookup'">（本人查询开具）</xsl:if></td>
              <td>
                <xsl:value-of select="@status-label"/>
                <xsl:if test="@revoke-reason != ''">：<xsl:value-of select="@revoke-reason"/></xsl:if>
              </td>
              <xsl:if test="$staff">
                <td>
                  <xsl:if test="@status = 'valid'">
                    <form class="stack" method="post" action="/admin/certificates/{@id}/revoke">
                      <xsl:call-template name="csrf"/>
                      <xsl:call-template name="adm-textarea">
                        <xsl:with-param name="name">revoke_reason</xsl:with-param>
                        <xsl:with-param name="label">撤销原因</xsl:with-param>
                      </xsl:call-template>
                      <button type="submit">撤销这份证明</button>
                    </form>
                  </xsl:if>
                </td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- The period of a new certificate. -->
  <xsl:template name="cert-period-fields">
    <xsl:call-template name="adm-select">
      <xsl:with-param name="name">period</xsl:with-param>
      <xsl:with-param name="label">证明哪段时间的服务</xsl:with-param>
      <xsl:with-param name="options" select="/page/periods/option"/>
      <xsl:with-param name="empty" select="''"/>
    </xsl:call-template>
    <p class="hint">选“指定起止日期”时，请填写下面两个日期：</p>
    <xsl:call-template name="input">
      <xsl:with-param name="name">from</xsl:with-param>
      <xsl:with-param name="label">起始日期（如 2026-01-01）</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="input">
      <xsl:with-param name="name">to</xsl:with-param>
      <xsl:with-param name="label">截止日期</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
