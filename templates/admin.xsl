<?xml version="1.0" encoding="UTF-8"?>
<!-- Staff accounts, password change, stations, volunteer review, audit
     trail, and the public volunteer look-up. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- A select of options ($options: elements with @code/@label or
       @id/@name), with the posted value kept and an empty first choice. -->
  <xsl:template name="adm-select">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="options"/>
    <xsl:param name="empty" select="'全部'"/>
    <!-- chosen when nothing was posted (a suggestion the page can make) -->
    <xsl:param name="default"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <xsl:variable name="cur">
      <xsl:choose>
        <xsl:when test="$f"><xsl:value-of select="$f/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <select id="{$name}" name="{$name}">
        <xsl:if test="$empty != ''"><option value=""><xsl:value-of select="$empty"/></option></xsl:if>
        <xsl:for-each select="$options">
          <xsl:variable name="v" select="concat(@code, @id)"/>
          <option value="{$v}">
            <xsl:if test="$v = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="concat(@label, @name)"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- A password input (never filled in again). -->
  <xsl:template name="adm-secret">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="hint"/>
    <xsl:param name="auto" select="'new-password'"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <xsl:if test="$hint"><p class="hint"><xsl:value-of select="$hint"/></p></xsl:if>
      <input type="password" id="{$name}" name="{$name}" required="required" autocomplete="{$auto}"/>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- A multi-line input. -->
  <xsl:template name="adm-textarea">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="required" select="true()"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <textarea id="{$name}" name="{$name}" maxlength="200">
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:value-of select="$f/@value"/>
      </textarea>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- What was just done (done), or what went wrong (notice). -->
  <xsl:template name="adm-notice">
    <xsl:if test="/page/done">
      <p class="notice ok" role="status"><xsl:value-of select="/page/done"/></p>
    </xsl:if>
    <xsl:call-template name="form-errors"/>
  </xsl:template>

  <!-- Own password. -->
  <xsl:template match="page[@name='staff-password']" mode="main">
    <xsl:if test="must-change">
      <p class="notice warn">这是系统生成的初始密码（或管理员重置的密码），请先换成只有您自己知道的新密码，才能继续使用。</p>
    </xsl:if>
    <form class="stack" method="post" action="/admin/password">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="adm-secret">
        <xsl:with-param name="name">current_password</xsl:with-param>
        <xsl:with-param name="auto">current-password</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="adm-secret">
        <xsl:with-param name="name">new_password</xsl:with-param>
        <xsl:with-param name="hint">至少10位，字母和数字混合；不能含用户名，不要用 12345678、生日这类容易被猜到的密码。</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="adm-secret">
        <xsl:with-param name="name">new_password2</xsl:with-param>
      </xsl:call-template>
      <button class="primary" type="submit">保存新密码</button>
    </form>
  </xsl:template>

  <!-- Staff accounts. -->
  <xsl:template match="page[@name='staff-list']" mode="main">
    <p><a class="button primary" href="/admin/staff/new">新建账号</a></p>
    <table class="list">
      <thead><tr><th>用户名</th><th>姓名或单位</th><th>角色</th><th>乡镇 / 服务站</th><th>状态</th></tr></thead>
      <tbody>
        <xsl:for-each select="accounts/account">
          <tr>
            <td data-label="用户名"><a href="/admin/staff/{@id}" translate="no"><xsl:value-of select="@username"/></a></td>
            <td data-label="姓名"><xsl:value-of select="@name"/></td>
            <td data-label="角色"><xsl:value-of select="@role-label"/></td>
            <td data-label="范围"><xsl:value-of select="@township"/><xsl:text> </xsl:text><xsl:value-of select="@station"/></td>
            <td data-label="状态">
              <xsl:choose>
                <xsl:when test="@active = '0'">已停用</xsl:when>
                <xsl:when test="@must-change = '1'">待改初始密码</xsl:when>
                <xsl:otherwise>正常</xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <xsl:if test="not(accounts/account)"><p class="muted">还没有可以管理的账号。</p></xsl:if>
  </xsl:template>

  <xsl:template match="page[@name='staff-new']" mode="main">
    <xsl:variable name="county" select="user/@role = 'county_admin'"/>
    <p class="lead">账号建好后会显示一个初始密码，只显示一次。请当面或电话告诉本人，首次登录时必须改成自己的密码。</p>
    <form class="stack" method="post" action="/admin/staff/new">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="input">
        <xsl:with-param name="name">username</xsl:with-param>
        <xsl:with-param name="label">用户名（登录用）</xsl:with-param>
        <xsl:with-param name="hint">3至32位小写字母、数字或下划线，以字母开头，如 liuhe_zhan</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">display_name</xsl:with-param>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$county">
          <xsl:call-template name="adm-select">
            <xsl:with-param name="name">role</xsl:with-param>
            <xsl:with-param name="options" select="roles/option"/>
            <xsl:with-param name="empty" select="'请选择'"/>
          </xsl:call-template>
          <xsl:call-template name="adm-select">
            <xsl:with-param name="name">township</xsl:with-param>
            <xsl:with-param name="label">乡镇（乡镇管理员填）</xsl:with-param>
            <xsl:with-param name="options" select="places/township"/>
            <xsl:with-param name="empty" select="'不选'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <input type="hidden" name="role" value="station_operator"/>
          <xsl:call-template name="field-error"><xsl:with-param name="f" select="form/field[@name='role']"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:variable name="sf" select="form/field[@name='station']"/>
      <div class="field">
        <xsl:if test="$sf/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
        <label for="station">服务站（服务站操作员填）</label>
        <select id="station" name="station">
          <option value="">不选</option>
          <xsl:for-each select="stations/station[@active = '1']">
            <option value="{@id}">
              <xsl:if test="@id = $sf/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="@township"/> · <xsl:value-of select="@name"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-error"><xsl:with-param name="f" select="$sf"/></xsl:call-template>
      </div>
      <button class="primary" type="submit">建立账号</button>
    </form>
  </xsl:template>

  <xsl:template match="page[@name='staff-password-shown']" mode="main">
    <p class="notice ok">账号 <strong translate="no"><xsl:value-of select="account/@username"/></strong>（<xsl:value-of select="account/@name"/>）的初始密码是：</p>
    <p class="lead"><strong class="secret"><xsl:value-of select="password"/></strong></p>
    <p class="notice warn">这个密码只显示这一次，请现在记下并告诉本人。本人首次登录时必须改成自己的密码。</p>
    <p><a class="button" href="/admin/staff/{account/@id}">返回账号</a><a class="button" href="/admin/staff">账号列表</a></p>
  </xsl:template>

  <xsl:template match="page[@name='staff-show']" mode="main">
    <xsl:variable name="a" select="account"/>
    <xsl:call-template name="adm-notice"/>
    <dl class="facts">
      <dt>用户名</dt><dd translate="no"><xsl:value-of select="$a/@username"/></dd>
      <dt>姓名或单位</dt><dd><xsl:value-of select="$a/@name"/></dd>
      <dt>角色</dt><dd><xsl:value-of select="$a/@role-label"/></dd>
      <xsl:if test="$a/@township != ''"><dt>乡镇</dt><dd><xsl:value-of select="$a/@township"/></dd></xsl:if>
      <xsl:if test="$a/@station != ''"><dt>服务站</dt><dd><xsl:value-of select="$a/@station"/></dd></xsl:if>
      <dt>状态</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="$a/@active = '0'">已停用</xsl:when>
          <xsl:otherwise>正常</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$a/@must-change = '1'">（还没有改初始密码）</xsl:if>
      </dd>
      <dt>建立时间</dt><dd><xsl:value-of select="$a/@created"/></dd>
    </dl>
    <xsl:if test="$a/@self = '0'">
      <xsl:choose>
        <xsl:when test="$a/@active = '1'">
          <form method="post" action="/admin/staff/{$a/@id}/disable">
            <xsl:call-template name="csrf"/>
            <button type="submit">停用账号</button>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <form method="post" action="/admin/staff/{$a/@id}/enable">
            <xsl:call-template name="csrf"/>
            <button type="submit">重新启用</button>
          </form>
        </xsl:otherwise>
      </xsl:choose>
      <form method="post" action="/admin/staff/{$a/@id}/reset-password">
        <xsl:call-template name="csrf"/>
        <button type="submit">重置密码</button>
      </form>
    </xsl:if>
    <p><a href="/admin/staff">返回账号列表</a></p>
  </xsl:template>

  <!-- Stations. -->
  <xsl:template match="page[@name='station-list']" mode="main">
    <table class="list">
      <thead><tr><th>服务站</th><th>乡镇</th><th>村（社区）</th><th>地址</th><th>志愿者</th></tr></thead>
      <tbody>
        <xsl:for-each select="stations/station">
          <tr>
            <td data-label="服务站"><xsl:value-of select="@name"/><xsl:if test="@active = '0'">（已关闭）</xsl:if></td>
            <td data-label="乡镇"><xsl:value-of select="@township"/></td>
            <td data-label="村"><xsl:value-of select="@village"/></td>
            <td data-label="地址"><xsl:value-of select="@address"/></td>
            <td data-label="志愿者"><xsl:value-of select="@volunteers"/> 名</td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- Volunteer review: the queue. -->
  <xsl:template match="page[@name='review-list']" mode="main">
    <xsl:variable name="own" select="user/@township"/>
    <xsl:variable name="county" select="user/@role = 'county_admin'"/>
    <form class="stack filters" method="get" action="/admin/volunteers">
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="adm-select">
        <xsl:with-param name="name">status</xsl:with-param>
        <xsl:with-param name="options" select="statuses/option"/>
        <xsl:with-param name="empty" select="''"/>
      </xsl:call-template>
      <xsl:if test="$county">
        <xsl:call-template name="adm-select">
          <xsl:with-param name="name">township</xsl:with-param>
          <xsl:with-param name="options" select="places/township"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="adm-select">
        <xsl:with-param name="name">village</xsl:with-param>
        <xsl:with-param name="options" select="places/township[$county or @id = $own]/village"/>
      </xsl:call-template>
      <xsl:call-template name="adm-select">
        <xsl:with-param name="name">skill</xsl:with-param>
        <xsl:with-param name="options" select="skills/option"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">from</xsl:with-param>
        <xsl:with-param name="label">报名日期从</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">to</xsl:with-param>
        <xsl:with-param name="label">到</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <button class="primary" type="submit">筛选</button>
    </form>
    <xsl:apply-templates select="volunteers" mode="adm-list"/>
    <p><a class="button" href="/admin/export/volunteers.csv?{filter/@query}">导出表格（CSV）</a></p>
  </xsl:template>

  <xsl:template match="volunteers" mode="adm-list">
    <xsl:choose>
      <xsl:when test="volunteer">
        <table class="list">
          <thead><tr><th>姓名</th><th>身份证号码</th><th>村（社区）</th><th>服务特长</th><th>报名日期</th><th>状态</th></tr></thead>
          <tbody>
            <xsl:for-each select="volunteer">
              <tr>
                <td data-label="姓名"><a href="/admin/volunteers/{@id}"><xsl:value-of select="@name"/></a></td>
                <td data-label="身份证"><xsl:value-of select="@id-mask"/></td>
                <td data-label="村"><xsl:value-of select="@township"/><xsl:text> </xsl:text><xsl:value-of select="@village"/></td>
                <td data-label="特长"><xsl:value-of select="@skills"/></td>
                <td data-label="报名"><xsl:value-of select="@created"/></td>
                <td data-label="状态"><xsl:value-of select="@status-label"/><xsl:if test="@number != ''">（<xsl:value-of select="@number"/>）</xsl:if></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="muted">没有符合条件的报名。</p></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="adm-pager">
      <xsl:with-param name="base">/admin/volunteers</xsl:with-param>
      <xsl:with-param name="list" select="."/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="adm-pager">
    <xsl:param name="base"/>
    <xsl:param name="list"/>
    <xsl:if test="$list/@page &gt; 1 or $list/@more = '1'">
      <nav class="pager">
        <xsl:choose>
          <xsl:when test="$list/@page &gt; 1"><a href="{$base}?{/page/filter/@query}page={$list/@page - 1}">上一页</a></xsl:when>
          <xsl:otherwise><span></span></xsl:otherwise>
        </xsl:choose>
        <span>第 <xsl:value-of select="$list/@page"/> 页</span>
        <xsl:choose>
          <xsl:when test="$list/@more = '1'"><a href="{$base}?{/page/filter/@query}page={$list/@page + 1}">下一页</a></xsl:when>
          <xsl:otherwise><span></span></xsl:otherwise>
        </xsl:choose>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- One registration and its actions. -->
  <xsl:template match="page[@name='review-show']" mode="main">
    <xsl:variable name="v" select="volunteer"/>
    <xsl:call-template name="adm-notice"/>
    <dl class="facts">
      <dt>状态</dt><dd><strong><xsl:value-of select="$v/@status-label"/></strong></dd>
      <xsl:if test="$v/@number != ''"><dt>志愿者编号</dt><dd><xsl:value-of select="$v/@number"/></dd></xsl:if>
      <xsl:if test="$v/@station != ''"><dt>服务站</dt><dd><xsl:value-of select="$v/@station"/></dd></xsl:if>
      <xsl:if test="$v/@status = 'approved' or $v/@status = 'inactive'"><dt>服务时长</dt><dd>累计 <xsl:value-of select="$v/@hours"/> 小时，今年 <xsl:value-of select="$v/@hours-year"/> 小时</dd></xsl:if>
      <xsl:if test="$v/@reason != ''"><dt>原因</dt><dd><xsl:value-of select="$v/@reason"/></dd></xsl:if>
      <dt>姓名</dt><dd><xsl:value-of select="$v/@name"/></dd>
      <dt>身份证号码</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="id-number"><strong><xsl:value-of select="id-number"/></strong>（本次查看已记录）</xsl:when>
          <xsl:otherwise><xsl:value-of select="$v/@id-mask"/></xsl:otherwise>
        </xsl:choose>
      </dd>
      <dt>性别</dt><dd><xsl:value-of select="$v/@sex"/></dd>
      <dt>出生日期</dt><dd><xsl:value-of select="$v/@birth"/></dd>
      <dt>手机号码</dt><dd><xsl:value-of select="$v/@phone"/></dd>
      <dt>住址</dt><dd><xsl:value-of select="$v/@township"/><xsl:text> </xsl:text><xsl:value-of select="$v/@village"/><xsl:text> </xsl:text><xsl:value-of select="$v/@address"/></dd>
      <dt>服务特长</dt><dd><xsl:value-of select="$v/@skills"/></dd>
      <dt>可服务时间</dt><dd><xsl:value-of select="$v/@availability"/></dd>
      <dt>报名时间</dt><dd><xsl:value-of select="$v/@created"/></dd>
      <xsl:if test="$v/@reviewed != ''"><dt>审核</dt><dd><xsl:value-of select="$v/@reviewer"/><xsl:text> </xsl:text><xsl:value-of select="$v/@reviewed"/></dd></xsl:if>
    </dl>
    <xsl:if test="user/@role = 'county_admin' and not(id-number)">
      <form method="post" action="/admin/volunteers/{$v/@id}/id-number">
        <xsl:call-template name="csrf"/>
        <button type="submit">查看完整身份证号码（会记录查看人）</button>
      </form>
    </xsl:if>
    <xsl:if test="$v/@status = 'pending' or $v/@status = 'rejected'">
      <h2>审核通过</h2>
      <form class="stack" method="post" action="/admin/volunteers/{$v/@id}/approve">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="adm-select">
          <xsl:with-param name="name">station</xsl:with-param>
          <xsl:with-param name="label">安排到哪个服务站</xsl:with-param>
          <xsl:with-param name="options" select="stations/station"/>
          <xsl:with-param name="empty" select="'请选择'"/>
          <xsl:with-param name="default" select="string(stations/@suggested)"/>
        </xsl:call-template>
        <xsl:if test="stations/@suggested"><p class="hint">已选好志愿者所在村的服务站；如需安排到别处，请另选。</p></xsl:if>
        <xsl:if test="not(stations/station)"><p class="notice warn">这个乡镇还没有服务站，暂时不能审核通过。</p></xsl:if>
        <button class="primary" type="submit">通过，发放志愿者编号</button>
      </form>
    </xsl:if>
    <xsl:if test="$v/@status = 'pending'">
      <h2>审核不通过</h2>
      <form class="stack" method="post" action="/admin/volunteers/{$v/@id}/reject">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="adm-textarea">
          <xsl:with-param name="name">reason</xsl:with-param>
          <xsl:with-param name="label">原因（志愿者查询时能看到）</xsl:with-param>
        </xsl:call-template>
        <button type="submit">不通过</button>
      </form>
    </xsl:if>
    <xsl:if test="$v/@status = 'approved'">
      <h2>停用</h2>
      <form class="stack" method="post" action="/admin/volunteers/{$v/@id}/deactivate">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="adm-textarea">
          <xsl:with-param name="name">reason</xsl:with-param>
          <xsl:with-param name="label">原因（选填）</xsl:with-param>
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <button type="submit">停用这名志愿者</button>
      </form>
    </xsl:if>
    <xsl:if test="$v/@status = 'inactive'">
      <form method="post" action="/admin/volunteers/{$v/@id}/reactivate">
        <xsl:call-template name="csrf"/>
        <button class="primary" type="submit">重新启用</button>
      </form>
    </xsl:if>
    <xsl:if test="$v/@number != ''">
      <h2>志愿服务记录证明</h2>
      <xsl:call-template name="cert-register"><xsl:with-param name="staff" select="true()"/></xsl:call-template>
      <form class="stack" method="post" action="/admin/volunteers/{$v/@id}/certificate">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="cert-period-fields"/>
        <p class="hint">同一期间再次开具会生成新编号，原证明自动标为“已被新证明替代”。</p>
        <button class="primary" type="submit">开具并打印证明</button>
      </form>
    </xsl:if>
    <p><a href="/admin/volunteers">返回列表</a></p>
  </xsl:template>

  <!-- Audit trail. -->
  <xsl:template match="page[@name='audit']" mode="main">
    <form class="stack filters" method="get" action="/admin/audit">
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="adm-select">
        <xsl:with-param name="name">staff</xsl:with-param>
        <xsl:with-param name="options" select="accounts/account"/>
      </xsl:call-template>
      <xsl:call-template name="adm-select">
        <xsl:with-param name="name">action</xsl:with-param>
        <xsl:with-param name="options" select="actions/option"/>
      </xsl:call-template>
      <xsl:call-template name="adm-select">
        <xsl:with-param name="name">entity</xsl:with-param>
        <xsl:with-param name="options" select="entities/option"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">entity_id</xsl:with-param>
        <xsl:with-param name="label">对象记录号（选填）</xsl:with-param>
        <xsl:with-param name="mode">numeric</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">from</xsl:with-param>
        <xsl:with-param name="label">日期从</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">to</xsl:with-param>
        <xsl:with-param name="label">到</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <button class="primary" type="submit">筛选</button>
    </form>
    <xsl:choose>
      <xsl:when test="entries/entry">
        <table class="list">
          <thead><tr><th>时间</th><th>操作人</th><th>地址</th><th>操作</th><th>对象</th><th>之前</th><th>之后</th></tr></thead>
          <tbody>
            <xsl:for-each select="entries/entry">
              <tr>
                <td data-label="时间"><xsl:value-of select="@at"/></td>
                <td data-label="操作人"><xsl:choose>
                  <xsl:when test="@username != ''"><xsl:value-of select="@name"/>（<span translate="no"><xsl:value-of select="@username"/></span>）</xsl:when>
                  <xsl:otherwise>（未登录）</xsl:otherwise>
                </xsl:choose></td>
                <td data-label="地址"><xsl:value-of select="@ip"/></td>
                <td data-label="操作" class="action"><xsl:value-of select="@action-label"/></td>
                <td data-label="对象" class="record"><xsl:value-of select="@entity-label"/>
                  <xsl:choose>
                    <xsl:when test="@record != ''"><xsl:text> </xsl:text><xsl:value-of select="@record"/></xsl:when>
                    <xsl:when test="@entity-id != '0'"> #<xsl:value-of select="@entity-id"/></xsl:when>
                  </xsl:choose></td>
                <td data-label="之前"><xsl:apply-templates select="before" mode="audit-changes"/></td>
                <td data-label="之后"><xsl:apply-templates select="after" mode="audit-changes"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="muted">没有符合条件的记录。</p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="entries">
      <xsl:call-template name="adm-pager">
        <xsl:with-param name="base">/admin/audit</xsl:with-param>
        <xsl:with-param name="list" select="entries"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- An audit row's before or after: one "名称：值" line per field. -->
  <xsl:template match="before | after" mode="audit-changes">
    <ul class="changes">
      <xsl:for-each select="f">
        <li><xsl:if test="@label"><xsl:value-of select="@label"/>：</xsl:if><xsl:value-of select="@value"/></li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- Public look-up. -->
  <xsl:template match="page[@name='volunteer-lookup']" mode="main">
    <p class="lead">输入志愿者编号（或身份证号码）和报名时留的手机号码，查看审核结果和服务时长。</p>
    <form class="stack" method="post" action="/volunteer/lookup" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="input">
        <xsl:with-param name="name">number</xsl:with-param>
        <xsl:with-param name="hint">志愿者编号如 QS20260001；还没有编号时填身份证号码。</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">phone</xsl:with-param>
        <xsl:with-param name="type">tel</xsl:with-param>
        <xsl:with-param name="mode">numeric</xsl:with-param>
        <xsl:with-param name="max">20</xsl:with-param>
      </xsl:call-template>
      <button class="primary" type="submit">查询</button>
    </form>
  </xsl:template>

  <xsl:template match="page[@name='volunteer-status']" mode="main">
    <xsl:variable name="v" select="volunteer"/>
    <dl class="facts">
      <xsl:if test="not($v/@by-id)"><dt>姓名</dt><dd><xsl:value-of select="$v/@name"/></dd></xsl:if>
      <dt>审核结果</dt><dd><strong><xsl:value-of select="$v/@status-label"/></strong></dd>
      <xsl:if test="$v/@reason != ''"><dt>原因</dt><dd><xsl:value-of select="$v/@reason"/></dd></xsl:if>
      <xsl:if test="$v/@number != ''"><dt>志愿者编号</dt><dd><xsl:value-of select="$v/@number"/></dd></xsl:if>
      <xsl:if test="$v/@station != ''"><dt>服务站</dt><dd><xsl:value-of select="$v/@station"/></dd></xsl:if>
      <xsl:if test="not($v/@by-id)">
        <xsl:if test="$v/@station != '' and $v/@station-address != ''"><dt>服务站地址</dt><dd class="station-address"><xsl:value-of select="$v/@station-address"/></dd></xsl:if>
        <xsl:if test="$v/@station != '' and $v/@station-phone != ''"><dt>服务站电话</dt><dd class="station-phone"><a href="tel:{translate($v/@station-phone, '- ', '')}"><xsl:value-of select="$v/@station-phone"/></a></dd></xsl:if>
        <dt>累计服务时长</dt><dd><xsl:value-of select="$v/@hours"/> 小时</dd>
        <dt>报名日期</dt><dd><xsl:value-of select="$v/@created"/></dd>
      </xsl:if>
    </dl>
    <xsl:if test="$v/@by-id">
      <p class="muted">用身份证号码只能查到审核结果。审核通过后，服务站会告诉您志愿者编号，用编号查询可以看到服务站和服务时长。</p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$v/@status = 'pending'"><p>乡镇民政办正在审核，一般 5 个工作日内完成，请耐心等待。</p></xsl:when>
      <xsl:when test="$v/@status = 'rejected'"><p>如有疑问，请联系所在乡镇民政办。</p></xsl:when>
      <xsl:when test="$v/@status = 'approved'"><p>服务时长由服务站按服务台账登记；如有出入，请联系您的服务站。</p></xsl:when>
    </xsl:choose>
    <xsl:if test="$v/@number != ''">
      <h2>志愿服务记录证明</h2>
      <xsl:call-template name="cert-register"/>
      <form class="stack" method="post" action="/volunteer/lookup">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="number" value="{$v/@number}"/>
        <input type="hidden" name="phone" value="{$v/@phone}"/>
        <xsl:call-template name="cert-period-fields"/>
        <button class="primary" type="submit">开具并打印证明</button>
      </form>
      <p class="hint">证明上有二维码，别人扫码就能核验真伪。同一期间再开一次会得到新编号，旧的那份随之作废。</p>
    </xsl:if>
    <p><a href="/volunteer/lookup">再查一次</a></p>
  </xsl:template>
</xsl:stylesheet>
