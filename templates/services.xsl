<?xml version="1.0" encoding="UTF-8"?>
<!-- Service logging at the stations: the roster of elderly people, the
     logging form (up to ten rows), the list with totals, corrections,
     volunteer hours and the county's list of service types. Every link
     and form of a /station/ page names its station, so that township and
     county admins stay on the station they chose. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- ?station=ID of the page. -->
  <xsl:variable name="svc-sq" select="concat('station=', /page/station/@id)"/>

  <xsl:template name="svc-station-hidden">
    <input type="hidden" name="station" value="{/page/station/@id}"/>
  </xsl:template>

  <xsl:template name="svc-station-line">
    <p class="muted"><xsl:value-of select="/page/station/@township"/> · <xsl:value-of select="/page/station/@name"/></p>
  </xsl:template>

  <!-- A field's message, for forms with a row prefix. -->
  <xsl:template name="svc-error">
    <xsl:param name="f"/>
    <xsl:param name="id"/>
    <xsl:if test="$f/@error">
      <span class="error" id="{$id}-error">⚠ <xsl:value-of select="$f/@error"/></span>
    </xsl:if>
  </xsl:template>

  <!-- One input of form $form (a /page/…/form element); label and max
       default to the field's own, as in forms.xsl. -->
  <xsl:template name="svc-input">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label" select="$form/field[@name=$name]/@label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="hint"/>
    <xsl:param name="max" select="$form/field[@name=$name]/@max"/>
    <xsl:param name="required" select="true()"/>
    <xsl:variable name="f" select="$form/field[@name=$name]"/>
    <xsl:variable name="id" select="concat($form/@prefix, $name)"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
      <xsl:if test="$hint"><p class="hint"><xsl:value-of select="$hint"/></p></xsl:if>
      <input type="{$type}" id="{$id}" name="{$id}" value="{$f/@value}">
        <xsl:if test="$max"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:if test="$f/@error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="$id"/>-error</xsl:attribute>
        </xsl:if>
      </input>
      <xsl:call-template name="svc-error">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- A drop-down of $options (elements with @id and @name). -->
  <xsl:template name="svc-select">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label" select="$form/field[@name=$name]/@label"/>
    <xsl:param name="options"/>
    <xsl:param name="empty" select="'请选择'"/>
    <xsl:variable name="f" select="$form/field[@name=$name]"/>
    <xsl:variable name="id" select="concat($form/@prefix, $name)"/>
    <!-- A string, compared with each option's id: much cheaper than a node-set. -->
    <xsl:variable name="chosen" select="string($f/@value)"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
      <select id="{$id}" name="{$id}">
        <option value=""><xsl:value-of select="$empty"/></option>
        <xsl:for-each select="$options">
          <option value="{@id}">
            <xsl:if test="@id = $chosen"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@name"/>
            <xsl:if test="@mask">（身份证尾号<xsl:value-of select="substring(@mask, 15)"/>）</xsl:if>
            <xsl:if test="@retired">（已停用）</xsl:if>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="svc-error">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- The list's filter by one elder or volunteer: the one chosen (kept in a
       hidden field, with a way to drop it), or how to choose one. A station's
       whole roster is not listed here: the roster and the hours page link to
       each person's services. -->
  <xsl:template name="svc-chosen">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label" select="$form/field[@name=$name]/@label"/>
    <xsl:param name="chosen"/>
    <xsl:param name="without"/>
    <xsl:param name="how"/>
    <xsl:variable name="f" select="$form/field[@name=$name]"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <span class="label"><xsl:value-of select="$label"/></span>
      <xsl:choose>
        <xsl:when test="$chosen">
          <input type="hidden" name="{$name}" value="{$chosen/@id}"/>
          <p class="chosen"><strong><xsl:value-of select="$chosen/@name"/></strong>
            <xsl:if test="$chosen/@number != ''"><xsl:text> </xsl:text><xsl:value-of select="$chosen/@number"/></xsl:if>
            <xsl:text> </xsl:text><a href="/station/services?{$without}">不限<xsl:value-of select="$label"/></a></p>
        </xsl:when>
        <xsl:otherwise><p class="hint"><xsl:copy-of select="$how"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- ===================================================================
       Choosing a station (township and county admins)
       =================================================================== -->
  <xsl:template match="page[@name='station-choose']" mode="main">
    <p class="lead">请选择要查看的服务站。</p>
    <ul class="services">
      <xsl:for-each select="stations/station">
        <li><a href="{/page/@target}?station={@id}"><strong><xsl:value-of select="@name"/></strong>
          <span><xsl:value-of select="@township"/></span></a></li>
      </xsl:for-each>
    </ul>
    <xsl:if test="not(stations/station)"><p class="notice warn">您的范围内还没有服务站。</p></xsl:if>
    <p><a class="button" href="/admin/export/services.csv">导出全部服务记录（CSV）</a></p>
    <xsl:if test="user/@role = 'county_admin'">
      <p><a href="/admin/service-types">管理服务类型</a></p>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================
       Roster of elderly people
       =================================================================== -->
  <xsl:template match="page[@name='elder-list']" mode="main">
    <xsl:call-template name="svc-station-line"/>
    <xsl:if test="saved"><p class="notice ok"><xsl:value-of select="saved"/></p></xsl:if>
    <p><a class="button primary" href="/station/elders/new?{$svc-sq}">登记新的服务对象</a></p>
    <p>
      <xsl:choose>
        <xsl:when test="@all = '1'"><a href="/station/elders?{$svc-sq}">只看在册的</a></xsl:when>
        <xsl:otherwise><a href="/station/elders?{$svc-sq}&amp;all=1">也显示已停止服务的</a></xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:choose>
      <xsl:when test="elders/elder">
        <table class="list">
          <thead><tr><th>姓名</th><th>身份证号码</th><th>性别年龄</th><th>村（社区）</th><th>居住情况</th><th>关爱类别</th><th>联系人</th><th>状态</th><th></th></tr></thead>
          <tbody>
            <xsl:for-each select="elders/elder">
              <tr data-elder="{@id}">
                <td data-label="姓名"><xsl:value-of select="@name"/></td>
                <td data-label="身份证"><xsl:value-of select="@id-mask"/></td>
                <td data-label="性别年龄"><xsl:value-of select="@sex"/>，<xsl:value-of select="@age"/>岁</td>
                <td data-label="村"><xsl:value-of select="@village"/></td>
                <td data-label="居住"><xsl:value-of select="@living"/></td>
                <td data-label="类别"><xsl:value-of select="@care"/></td>
                <td data-label="联系人"><xsl:value-of select="@contact"/><xsl:text> </xsl:text><xsl:value-of select="@phone"/></td>
                <td data-label="状态"><xsl:choose><xsl:when test="@active = '1'">在册</xsl:when><xsl:otherwise>已停止服务</xsl:otherwise></xsl:choose></td>
                <td><a href="/station/services?{$svc-sq}&amp;elder={@id}">服务记录</a><xsl:text> </xsl:text><a href="/station/elders/{@id}/edit">修改</a></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="notice">名册里还没有老人。</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@name='elder-new' or @name='elder-edit']" mode="main">
    <xsl:variable name="form" select="/page/form"/>
    <xsl:call-template name="svc-station-line"/>
    <xsl:if test="duplicate">
      <p class="notice warn">
        <xsl:choose>
          <xsl:when test="duplicate/@id">这位老人已在本站名册中：<a href="/station/elders/{duplicate/@id}/edit">查看或修改已有的登记</a>。</xsl:when>
          <xsl:otherwise>这位老人已在“<xsl:value-of select="duplicate/@station"/>”的名册中。同一位老人只能在一个服务站登记；如已搬到本站附近，请联系该站或乡镇民政办转过来。</xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>
    <form class="stack" method="post" novalidate="novalidate">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="elder">/station/elders/<xsl:value-of select="elder/@id"/>/edit</xsl:when>
          <xsl:otherwise>/station/elders/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="svc-station-hidden"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">name</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">id_number</xsl:with-param>
        <xsl:with-param name="max">24</xsl:with-param>
        <xsl:with-param name="required" select="not(elder)"/>
        <xsl:with-param name="hint">
          <xsl:choose>
            <xsl:when test="elder">现登记为 <xsl:value-of select="elder/@id-mask"/>。号码有误才需要填写完整的新号码；不改请留空。</xsl:when>
            <xsl:otherwise>18位。须年满60周岁；性别和出生日期按身份证自动填写。</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="svc-select">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">village</xsl:with-param>
        <xsl:with-param name="label">所在村（社区）</xsl:with-param>
        <xsl:with-param name="options" select="/page/villages/village"/>
      </xsl:call-template>
      <xsl:variable name="lv" select="$form/field[@name='living']"/>
      <div class="field">
        <xsl:if test="$lv/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
        <label for="living"><xsl:value-of select="$lv/@label"/></label>
        <select id="living" name="living">
          <option value="">请选择</option>
          <xsl:for-each select="/page/living/option">
            <option value="{@code}">
              <xsl:if test="@code = $lv/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="@label"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-error"><xsl:with-param name="f" select="$lv"/></xsl:call-template>
      </div>
      <xsl:call-template name="checkboxes">
        <xsl:with-param name="name">care</xsl:with-param>
        <xsl:with-param name="label">关爱类别（可多选，没有可不选）</xsl:with-param>
        <xsl:with-param name="options" select="/page/care"/>
      </xsl:call-template>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">contact_name</xsl:with-param>
        <xsl:with-param name="hint">子女、亲属或村干部，有事能联系上的人。</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">contact_phone</xsl:with-param>
        <xsl:with-param name="type">tel</xsl:with-param>
        <xsl:with-param name="max">20</xsl:with-param>
      </xsl:call-template>
      <xsl:variable name="nt" select="$form/field[@name='notes']"/>
      <div class="field">
        <xsl:if test="$nt/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
        <label for="notes">备注（选填）</label>
        <textarea id="notes" name="notes" maxlength="{$nt/@max}"><xsl:value-of select="$nt/@value"/></textarea>
        <xsl:call-template name="field-error"><xsl:with-param name="f" select="$nt"/></xsl:call-template>
      </div>
      <button class="primary" type="submit">保存</button>
    </form>
    <xsl:if test="elder">
      <xsl:choose>
        <xsl:when test="elder/@active = '1'">
          <form method="post" class="stack" action="/station/elders/{elder/@id}/deactivate">
            <xsl:call-template name="csrf"/>
            <p class="muted">老人去世、搬走或不再需要服务时，停止服务。已登记的服务记录都会保留。</p>
            <button type="submit">停止服务</button>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <form method="post" class="stack" action="/station/elders/{elder/@id}/reactivate">
            <xsl:call-template name="csrf"/>
            <p class="muted">这位老人已停止服务。</p>
            <button type="submit">恢复服务</button>
          </form>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <p><a href="/station/elders?{$svc-sq}">返回名册</a></p>
  </xsl:template>

  <!-- ===================================================================
       Logging services
       =================================================================== -->

  <!-- One service row of form $form (prefix "r2." or none). -->
  <xsl:template name="svc-row">
    <xsl:param name="form"/>
    <xsl:variable name="p" select="$form/@prefix"/>
    <xsl:variable name="vf" select="$form/field[@name='volunteer']"/>
    <xsl:variable name="sg" select="$form/field[@name='signed']"/>
    <xsl:variable name="nt" select="$form/field[@name='note']"/>
    <xsl:call-template name="svc-input">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name">date</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="svc-select">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name">elder</xsl:with-param>
      <xsl:with-param name="options" select="/page/elders/elder"/>
    </xsl:call-template>
    <xsl:call-template name="svc-select">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name">service_type</xsl:with-param>
      <xsl:with-param name="options" select="/page/types/type"/>
    </xsl:call-template>
    <fieldset class="choices">
      <xsl:if test="$vf/@error"><xsl:attribute name="class">choices invalid</xsl:attribute></xsl:if>
      <legend>志愿者（可多选）</legend>
      <xsl:for-each select="/page/volunteers/volunteer">
        <label class="choice">
          <input type="checkbox" name="{$p}volunteer" value="{@id}">
            <xsl:if test="$vf/v = current()/@id"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="@name"/>
          <xsl:if test="@own != '1'">（本乡镇）</xsl:if>
        </label>
      </xsl:for-each>
      <xsl:call-template name="svc-error">
        <xsl:with-param name="f" select="$vf"/>
        <xsl:with-param name="id" select="concat($p, 'volunteer')"/>
      </xsl:call-template>
    </fieldset>
    <xsl:call-template name="svc-input">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name">start</xsl:with-param>
      <xsl:with-param name="type">time</xsl:with-param>
      <xsl:with-param name="hint">如 08:30。路上的时间不算。</xsl:with-param>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="svc-input">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name">end</xsl:with-param>
      <xsl:with-param name="type">time</xsl:with-param>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <div class="field">
      <label class="choice">
        <input type="checkbox" name="{$p}signed" value="yes">
          <xsl:if test="$sg/@value"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <xsl:text> 老人或家属已在纸质台账上签字</xsl:text>
      </label>
    </div>
    <xsl:call-template name="svc-input">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name">note</xsl:with-param>
      <xsl:with-param name="label">备注（选填）</xsl:with-param>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page[@name='service-new']" mode="main">
    <xsl:call-template name="svc-station-line"/>
    <p class="lead">照着纸质台账一条一条填，一次最多 10 条；没填的行不会保存。全部检查无误才一起保存，有错的行会标红，填过的内容都保留。</p>
    <xsl:if test="window/@admin != '1'">
      <p class="muted">可以登记最近 <xsl:value-of select="window/@days"/> 天（<xsl:value-of select="window/@earliest"/> 以后）的服务；更早的请乡镇管理员补录。</p>
    </xsl:if>
    <xsl:if test="not(elders/elder)">
      <p class="notice warn">本站名册里还没有老人，请先<a href="/station/elders/new?{$svc-sq}">登记服务对象</a>。</p>
    </xsl:if>
    <xsl:if test="not(volunteers/volunteer)">
      <p class="notice warn">本站和本乡镇还没有审核通过的志愿者。</p>
    </xsl:if>
    <form class="stack" method="post" action="/station/services/new" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="svc-station-hidden"/>
      <xsl:call-template name="form-errors"/>
      <xsl:for-each select="form">
        <section class="svc-row" id="row{@row}">
          <h2>第 <xsl:value-of select="@row"/> 条<xsl:if test="@errors != '0'">（有错）</xsl:if></h2>
          <xsl:call-template name="svc-row"><xsl:with-param name="form" select="."/></xsl:call-template>
        </section>
      </xsl:for-each>
      <button class="primary" type="submit">保存</button>
      <!-- After 保存, so that Enter in a field saves. -->
      <xsl:if test="count(form) &lt; rows/@max">
        <button type="submit" name="more" value="1">再加 <xsl:value-of select="rows/@more"/> 条（已填的都保留）</button>
      </xsl:if>
    </form>
    <p><a href="/station/services?{$svc-sq}">查看服务记录</a></p>
  </xsl:template>

  <xsl:template match="page[@name='service-edit']" mode="main">
    <xsl:call-template name="svc-station-line"/>
    <xsl:if test="notice"><div class="errors" role="alert"><xsl:value-of select="notice"/></div></xsl:if>
    <h2>记录编号 <xsl:value-of select="record/@id"/></h2>
    <dl class="facts">
      <dt>服务日期</dt><dd><xsl:value-of select="record/@date"/>　<xsl:value-of select="record/@start"/>–<xsl:value-of select="record/@end"/>（<xsl:value-of select="record/@minutes"/> 分钟）</dd>
      <dt>服务对象</dt><dd><xsl:value-of select="record/@elder"/></dd>
      <dt>服务类型</dt><dd><xsl:value-of select="record/@type"/></dd>
      <dt>签字</dt><dd><xsl:choose><xsl:when test="record/@signed = '1'">已签字</xsl:when><xsl:otherwise>未签字</xsl:otherwise></xsl:choose></dd>
      <xsl:if test="record/@voided"><dt>状态</dt><dd>已作废：<xsl:value-of select="record/@reason"/></dd></xsl:if>
    </dl>
    <xsl:choose>
      <xsl:when test="locked">
        <p class="notice warn"><xsl:value-of select="locked"/></p>
      </xsl:when>
      <xsl:otherwise>
        <h2>更正</h2>
        <form class="stack" method="post" action="/station/services/{record/@id}/edit" novalidate="novalidate">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="svc-row"><xsl:with-param name="form" select="edit/form"/></xsl:call-template>
          <button class="primary" type="submit">保存更正</button>
        </form>
        <h2>作废</h2>
        <p class="muted">登记错了又无法更正（如根本没有这次服务）时作废。作废的记录仍会列出，但不计入任何统计。</p>
        <form class="stack" method="post" action="/station/services/{record/@id}/void" novalidate="novalidate">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="svc-input">
            <xsl:with-param name="form" select="void/form"/>
            <xsl:with-param name="name">reason</xsl:with-param>
          </xsl:call-template>
          <button type="submit">作废这条记录</button>
        </form>
      </xsl:otherwise>
    </xsl:choose>
    <p><a href="/station/services?{$svc-sq}">返回服务记录</a></p>
  </xsl:template>

  <!-- ===================================================================
       The list with filters and totals
       =================================================================== -->
  <xsl:template match="page[@name='service-list']" mode="main">
    <xsl:variable name="form" select="/page/form"/>
    <xsl:call-template name="svc-station-line"/>
    <xsl:if test="saved"><p class="notice ok"><xsl:value-of select="saved"/></p></xsl:if>
    <p><a class="button primary" href="/station/services/new?{$svc-sq}">登记服务记录</a>
      <a class="button" href="/station/hours?{$svc-sq}">志愿者服务时长</a>
      <a class="button" href="/station/elders?{$svc-sq}">服务对象名册</a></p>
    <!-- The filters folded, so that a phone shows the records first; open
         while a filter is in use or has a mistake. -->
    <details class="filters">
      <xsl:if test="$form/field[@error or (@value != '' and @name != 'station' and @name != 'page')] or /page/elders/elder or /page/volunteers/volunteer">
        <xsl:attribute name="open">open</xsl:attribute>
      </xsl:if>
      <summary>查询条件</summary>
    <form class="stack" method="get" action="/station/services">
      <xsl:call-template name="svc-station-hidden"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">from</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">to</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="svc-chosen">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">elder</xsl:with-param>
        <xsl:with-param name="chosen" select="/page/elders/elder"/>
        <xsl:with-param name="without" select="/page/filter/@without-elder"/>
        <xsl:with-param name="how">要看某位老人的服务，请在<a href="/station/elders?{$svc-sq}">服务对象名册</a>里点这位老人的“服务记录”。</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="svc-chosen">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">volunteer</xsl:with-param>
        <xsl:with-param name="chosen" select="/page/volunteers/volunteer"/>
        <xsl:with-param name="without" select="/page/filter/@without-volunteer"/>
        <xsl:with-param name="how">要看某位志愿者参加的服务，请在<a href="/station/hours?{$svc-sq}">志愿者服务时长</a>里点这位志愿者的“服务记录”。</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="svc-select">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">type</xsl:with-param>
        <xsl:with-param name="options" select="/page/types/type"/>
        <xsl:with-param name="empty">全部</xsl:with-param>
      </xsl:call-template>
      <xsl:variable name="sg" select="$form/field[@name='signed']"/>
      <div class="field">
        <label for="signed"><xsl:value-of select="$sg/@label"/></label>
        <select id="signed" name="signed">
          <option value="">全部</option>
          <xsl:for-each select="/page/signed/option">
            <option value="{@code}">
              <xsl:if test="@code = $sg/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="@label"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-error"><xsl:with-param name="f" select="$sg"/></xsl:call-template>
      </div>
      <button type="submit">查询</button>
    </form>
    </details>
    <xsl:if test="services">
      <xsl:choose>
        <xsl:when test="services/service">
          <table class="list">
            <thead><tr><th>日期</th><th>时间</th><th>服务对象</th><th>服务类型</th><th>志愿者</th><th>签字</th><th>备注</th><th></th></tr></thead>
            <tbody>
              <xsl:for-each select="services/service">
                <tr data-service="{@id}">
                  <xsl:if test="@voided = '1'">
                    <xsl:attribute name="class">voided</xsl:attribute>
                    <xsl:attribute name="data-voided">1</xsl:attribute>
                  </xsl:if>
                  <td data-label="日期"><xsl:value-of select="@date"/></td>
                  <td data-label="时间"><xsl:value-of select="@start"/>–<xsl:value-of select="@end"/>（<xsl:value-of select="@minutes"/>分钟）</td>
                  <td data-label="服务对象"><xsl:value-of select="@elder"/></td>
                  <td data-label="服务类型"><xsl:value-of select="@type"/></td>
                  <td data-label="志愿者"><xsl:value-of select="@volunteers"/></td>
                  <td data-label="签字"><xsl:choose><xsl:when test="@signed = '1'">已签字</xsl:when><xsl:otherwise>未签字</xsl:otherwise></xsl:choose></td>
                  <td data-label="备注"><xsl:value-of select="@note"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@voided = '1'"><strong>已作废</strong>：<xsl:value-of select="@reason"/></xsl:when>
                      <xsl:otherwise><a href="/station/services/{@id}/edit">更正或作废</a></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="notice">没有符合条件的服务记录。</p></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="services/@pages &gt; 1">
        <div class="pager">
          <xsl:if test="services/@page &gt; 1">
            <a href="/station/services?{services/@query}&amp;page={services/@page - 1}">上一页</a>
          </xsl:if>
          <span>第 <xsl:value-of select="services/@page"/> / <xsl:value-of select="services/@pages"/> 页</span>
          <xsl:if test="services/@page &lt; services/@pages">
            <a href="/station/services?{services/@query}&amp;page={services/@page + 1}">下一页</a>
          </xsl:if>
        </div>
      </xsl:if>
      <h2>合计（按以上查询条件）</h2>
      <dl class="facts totals">
        <dt>服务人次</dt><dd><span data-total="services"><xsl:value-of select="totals/@services"/></span> 人次</dd>
        <dt>服务老人</dt><dd><span data-total="elders"><xsl:value-of select="totals/@elders"/></span> 名</dd>
        <dt>志愿服务时长</dt><dd><span data-total="hours"><xsl:value-of select="totals/@hours"/></span> 小时（<span data-total="minutes"><xsl:value-of select="totals/@minutes"/></span> 分钟<xsl:choose><xsl:when test="totals/@one-volunteer">，所选志愿者</xsl:when><xsl:otherwise>，每位志愿者分别计算</xsl:otherwise></xsl:choose>）</dd>
        <dt>作废记录</dt><dd><span data-total="voided"><xsl:value-of select="totals/@voided"/></span> 条（已列出，不计入以上合计）</dd>
        <dt>记录总数</dt><dd><span data-total="rows"><xsl:value-of select="totals/@rows"/></span> 条</dd>
      </dl>
      <p><a class="button" href="/admin/export/services.csv?{$svc-sq}">导出本站服务记录（CSV）</a></p>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================
       Volunteer hours
       =================================================================== -->
  <xsl:template match="page[@name='service-hours']" mode="main">
    <xsl:variable name="form" select="/page/form"/>
    <xsl:call-template name="svc-station-line"/>
    <p class="lead">每位志愿者参加的每次服务都按服务的分钟数计入时长（作废的不计）。</p>
    <form class="stack" method="get" action="/station/hours">
      <xsl:call-template name="svc-station-hidden"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">from</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="svc-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name">to</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <button type="submit">查询</button>
    </form>
    <xsl:if test="hours/volunteer">
      <h2 class="range">本期：<span class="date"><xsl:value-of select="hours/@from"/></span> 至 <span class="date"><xsl:value-of select="hours/@to"/></span></h2>
      <table class="list">
        <thead><tr><th>志愿者编号</th><th>姓名</th><th><xsl:value-of select="hours/@from"/> 至 <xsl:value-of select="hours/@to"/></th><th>累计</th><th></th></tr></thead>
        <tbody>
          <xsl:for-each select="hours/volunteer">
            <tr data-volunteer="{@id}">
              <td data-label="编号"><xsl:value-of select="@number"/></td>
              <td data-label="姓名"><xsl:value-of select="@name"/><xsl:if test="@own != '1'">（本乡镇）</xsl:if></td>
              <td data-label="本期" data-minutes="{@minutes}"><xsl:value-of select="@hours"/> 小时</td>
              <td data-label="累计" data-total-minutes="{@total-minutes}"><xsl:value-of select="@total-hours"/> 小时</td>
              <td><a href="/station/services?{$svc-sq}&amp;volunteer={@id}">服务记录</a></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <p>合计：本期 <span data-sum="minutes" data-minutes="{hours/@minutes}"><xsl:value-of select="hours/@hours"/></span> 小时，累计 <span data-sum="total" data-minutes="{hours/@total-minutes}"><xsl:value-of select="hours/@total-hours"/></span> 小时。</p>
    </xsl:if>
    <p><a href="/station/services?{$svc-sq}">返回服务记录</a></p>
  </xsl:template>

  <!-- ===================================================================
       Service types (county admins)
       =================================================================== -->
  <xsl:template match="page[@name='service-types']" mode="main">
    <p class="lead">服务站登记服务时从这里选择服务类型。停用的类型不再供选择，已登记的记录保持不变。</p>
    <table class="list">
      <thead><tr><th>服务类型</th><th>状态</th><th>已登记</th><th></th></tr></thead>
      <tbody>
        <xsl:for-each select="types/type">
          <tr data-type="{@id}">
            <td data-label="类型"><xsl:value-of select="@name"/></td>
            <td data-label="状态"><xsl:choose><xsl:when test="@active = '1'">使用中</xsl:when><xsl:otherwise>已停用</xsl:otherwise></xsl:choose></td>
            <td data-label="已登记"><xsl:value-of select="@uses"/> 条</td>
            <td>
              <xsl:choose>
                <xsl:when test="@active = '1'">
                  <form method="post" class="inline" action="/admin/service-types/{@id}/retire">
                    <xsl:call-template name="csrf"/>
                    <button type="submit">停用</button>
                  </form>
                </xsl:when>
                <xsl:otherwise>
                  <form method="post" class="inline" action="/admin/service-types/{@id}/restore">
                    <xsl:call-template name="csrf"/>
                    <button type="submit">恢复</button>
                  </form>
                </xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <h2>增加服务类型</h2>
    <form class="stack" method="post" action="/admin/service-types" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="input">
        <xsl:with-param name="name">name</xsl:with-param>
        <xsl:with-param name="label">名称（不超过10个字）</xsl:with-param>
      </xsl:call-template>
      <button class="primary" type="submit">增加</button>
    </form>
  </xsl:template>
</xsl:stylesheet>
