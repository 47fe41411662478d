<?xml version="1.0" encoding="UTF-8"?>
<!-- Family-education classes (家长课堂): the public list, a class with its
     enrolment form, one enrolment's page; the staff list, class form,
     roster with check-in, and the printable sign-in sheet. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Radio buttons for a one-of choice field; options from $options. -->
  <xsl:template name="cls-radios">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="options"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <fieldset class="choices" id="{$name}">
      <xsl:if test="$f/@error"><xsl:attribute name="class">choices invalid</xsl:attribute></xsl:if>
      <legend><xsl:value-of select="$label"/></legend>
      <xsl:for-each select="$options/option">
        <label class="choice">
          <input type="radio" name="{$name}" value="{@code}">
            <xsl:if test="$f/@value = current()/@code"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="@label"/>
        </label>
      </xsl:for-each>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </fieldset>
  </xsl:template>

  <!-- A drop-down; $options are elements with @id and @name. -->
  <xsl:template name="cls-select">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="options"/>
    <xsl:param name="empty" select="'请选择'"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <select id="{$name}" name="{$name}">
        <xsl:if test="$empty != ''"><option value=""><xsl:value-of select="$empty"/></option></xsl:if>
        <xsl:for-each select="$options">
          <option value="{@id}">
            <xsl:if test="@id = $f/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@name"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- A choice of codes as a drop-down; $options/option with @code, @label. -->
  <xsl:template name="cls-code-select">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="options"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <select id="{$name}" name="{$name}">
        <option value="">请选择</option>
        <xsl:for-each select="$options/option">
          <option value="{@code}">
            <xsl:if test="@code = $f/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@label"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- When and where a class is. -->
  <xsl:template match="class" mode="cls-facts">
    <dl class="facts">
      <dt>时间</dt><dd><xsl:value-of select="@date"/><xsl:text> </xsl:text><xsl:value-of select="@start"/>–<xsl:value-of select="@end"/>（<xsl:value-of select="@minutes"/>分钟）</dd>
      <dt>地点</dt><dd><xsl:value-of select="@township"/> · <xsl:value-of select="@venue"/></dd>
      <dt>面向</dt><dd><xsl:value-of select="@audience"/></dd>
      <dt>名额</dt><dd>共<xsl:value-of select="@capacity"/>人，还剩 <strong class="seats-left"><xsl:value-of select="@seats-left"/></strong> 个<xsl:if test="@waiting &gt; 0">，另有<xsl:value-of select="@waiting"/>人候补</xsl:if></dd>
      <dt>报名截止</dt><dd><xsl:value-of select="@deadline"/></dd>
    </dl>
    <xsl:if test="description"><p><xsl:value-of select="description"/></p></xsl:if>
  </xsl:template>

  <!-- ===================================================================
       Public pages
       =================================================================== -->
  <xsl:template match="page[@name='class-list']" mode="main">
    <p class="lead">给爸爸妈妈、爷爷奶奶的家庭教育课，免费参加。名额满了可以候补，有人取消就按顺序补上。</p>
    <xsl:call-template name="form-errors"/>
    <xsl:if test="mine/enrolment">
      <h2>我的报名（在这部手机上报的）</h2>
      <ul class="services mine">
        <xsl:for-each select="mine/enrolment">
          <li><a href="/classes/enrolment/{@code}"><strong><xsl:value-of select="class/@title"/></strong>
            <span><xsl:value-of select="class/@date"/><xsl:text> </xsl:text><xsl:value-of select="class/@start"/> · <xsl:value-of select="class/@venue"/></span>
            <span>
              <xsl:choose>
                <xsl:when test="@status = 'enrolled'">已报名</xsl:when>
                <xsl:when test="@status = 'waiting'">候补（第<xsl:value-of select="@position"/>位）</xsl:when>
                <xsl:otherwise>已取消</xsl:otherwise>
              </xsl:choose>
              <xsl:if test="class/@status = 'cancelled'"> · 这堂课已取消</xsl:if>
            </span></a></li>
        </xsl:for-each>
      </ul>
      <h2>近期课程</h2>
    </xsl:if>
    <form method="get" action="/classes" class="stack">
      <xsl:call-template name="cls-select">
        <xsl:with-param name="name">township</xsl:with-param>
        <xsl:with-param name="label">按乡镇查看</xsl:with-param>
        <xsl:with-param name="empty">全部乡镇</xsl:with-param>
        <xsl:with-param name="options" select="/page/townships/township"/>
      </xsl:call-template>
      <button type="submit">查看</button>
    </form>
    <xsl:choose>
      <xsl:when test="classes/class">
        <ul class="services">
          <xsl:for-each select="classes/class">
            <li><a href="/classes/{@id}"><strong><xsl:value-of select="@title"/></strong>
              <span><xsl:value-of select="@date"/><xsl:text> </xsl:text><xsl:value-of select="@start"/> · <xsl:value-of select="@township"/> · <xsl:value-of select="@venue"/></span>
              <span>
                <xsl:choose>
                  <xsl:when test="@closed"><xsl:value-of select="@closed"/></xsl:when>
                  <xsl:when test="@seats-left &gt; 0">还剩 <xsl:value-of select="@seats-left"/> 个名额</xsl:when>
                  <xsl:otherwise>名额已满，可以报名候补</xsl:otherwise>
                </xsl:choose>
              </span></a></li>
          </xsl:for-each>
        </ul>
        <xsl:if test="classes/@pages &gt; 1">
          <xsl:variable name="tq"><xsl:if test="classes/@township != 0">township=<xsl:value-of select="classes/@township"/>&amp;</xsl:if></xsl:variable>
          <div class="pager">
            <xsl:if test="classes/@page &gt; 1">
              <a href="/classes?{$tq}page={classes/@page - 1}">上一页</a>
            </xsl:if>
            <span>第 <xsl:value-of select="classes/@page"/> / <xsl:value-of select="classes/@pages"/> 页</span>
            <xsl:if test="classes/@page &lt; classes/@pages">
              <a href="/classes?{$tq}page={classes/@page + 1}">下一页</a>
            </xsl:if>
          </div>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><p class="notice">近期还没有可以报名的课程，请过几天再来看看。</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@name='class-detail']" mode="main">
    <xsl:if test="class/@status = 'cancelled'">
      <p class="notice warn"><strong>已取消：</strong>这堂课已取消，不再上课。已报名的乡亲请留意乡镇通知。</p>
    </xsl:if>
    <xsl:apply-templates select="class" mode="cls-facts"/>
    <xsl:choose>
      <xsl:when test="form">
        <h2>报名</h2>
        <xsl:if test="class/@seats-left = 0"><p class="notice warn">名额已满。现在报名会排进候补名单，有人取消时按顺序补上。</p></xsl:if>
        <form class="stack" method="post" action="/classes/{class/@id}" novalidate="novalidate">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"/>
          <xsl:call-template name="input">
            <xsl:with-param name="name">name</xsl:with-param>
            <xsl:with-param name="label">您的姓名</xsl:with-param>
          </xsl:call-template>
          <xsl:call-template name="input">
            <xsl:with-param name="name">phone</xsl:with-param>
            <xsl:with-param name="type">tel</xsl:with-param>
            <xsl:with-param name="mode">numeric</xsl:with-param>
            <xsl:with-param name="max">20</xsl:with-param>
            <xsl:with-param name="hint">上课前有变动会打这个电话通知您。</xsl:with-param>
          </xsl:call-template>
          <xsl:call-template name="cls-radios">
            <xsl:with-param name="name">relationship</xsl:with-param>
            <xsl:with-param name="label">您是孩子的</xsl:with-param>
            <xsl:with-param name="options" select="/page/relationships"/>
          </xsl:call-template>
          <xsl:call-template name="places"/>
          <xsl:call-template name="cls-radios">
            <xsl:with-param name="name">child_age_group</xsl:with-param>
            <xsl:with-param name="label">孩子多大了（有几个孩子选最小的）</xsl:with-param>
            <xsl:with-param name="options" select="/page/age-groups"/>
          </xsl:call-template>
          <xsl:call-template name="cls-radios">
            <xsl:with-param name="name">left_behind</xsl:with-param>
            <xsl:with-param name="label">孩子是不是留守儿童（父母都在外地打工，或一方在外、另一方无法照顾）</xsl:with-param>
            <xsl:with-param name="options" select="/page/yes-no"/>
          </xsl:call-template>
          <div class="consent" id="privacy">
            <h2>个人信息处理说明</h2>
            <p>我们收集您的姓名、手机号码、村（社区），以及孩子的年龄段和是否留守，只用于安排这堂课、通知变动和统计家庭教育工作。不收集孩子的姓名和身份证号码。</p>
            <p>报名信息只有本乡镇和<xsl:call-template name="bureau"/>的工作人员可以查看，不会提供给其他单位或个人。您可以随时取消报名，或联系乡镇民政办更正、删除。</p>
          </div>
          <xsl:variable name="c" select="/page/form/field[@name='consent']"/>
          <div class="field">
            <xsl:if test="$c/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
            <label class="choice"><input type="checkbox" id="consent" name="consent" value="yes"/> 我已阅读并同意以上个人信息处理说明</label>
            <xsl:call-template name="field-error"><xsl:with-param name="f" select="$c"/></xsl:call-template>
          </div>
          <button class="primary" type="submit"><xsl:choose>
            <xsl:when test="class/@seats-left = 0">报名候补</xsl:when>
            <xsl:otherwise>提交报名</xsl:otherwise>
          </xsl:choose></button>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="notice warn closed"><xsl:choose>
          <xsl:when test="notice"><xsl:value-of select="notice"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="class/@closed"/></xsl:otherwise>
        </xsl:choose></p>
      </xsl:otherwise>
    </xsl:choose>
    <p><a href="/classes">看看其他课程</a></p>
  </xsl:template>

  <xsl:template match="page[@name='class-enrolment']" mode="main">
    <xsl:variable name="e" select="enrolment"/>
    <xsl:if test="class/@status = 'cancelled'">
      <p class="notice warn"><strong>已取消：</strong>这堂课已取消，不再上课。</p>
    </xsl:if>
    <p class="notice ok status">
      <xsl:choose>
        <xsl:when test="$e/@status = 'enrolled'"><strong>已报名</strong>：<xsl:value-of select="$e/@name"/>，请按时参加。</xsl:when>
        <xsl:when test="$e/@status = 'waiting'"><strong>候补（第<xsl:value-of select="$e/@position"/>位）</strong>：名额已满，有人取消时按顺序补上，补上后这一页会显示“已报名”。</xsl:when>
        <xsl:otherwise><strong>已取消</strong>：这个报名已经取消了。</xsl:otherwise>
      </xsl:choose>
    </p>
    <p class="muted">请把这一页加入收藏或截图保存：凭这个网址可以查看或取消报名。</p>
    <h2><xsl:value-of select="class/@title"/></h2>
    <xsl:apply-templates select="class" mode="cls-facts"/>
    <dl class="facts">
      <dt>报名人</dt><dd><xsl:value-of select="$e/@name"/>（<xsl:value-of select="$e/@relationship"/>），<xsl:value-of select="$e/@village"/></dd>
      <dt>孩子年龄</dt><dd><xsl:value-of select="$e/@age-group"/></dd>
    </dl>
    <xsl:if test="$e/@status != 'cancelled' and $e/@cancellable">
      <form method="post" action="/classes/enrolment/{$e/@code}" class="stack">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="action" value="cancel"/>
        <p>去不了了？请取消报名，把名额让给候补的乡亲。</p>
        <xsl:call-template name="form-errors"/>
        <div class="field">
          <xsl:if test="notice"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
          <label class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes"/> 确认取消（取消后名额会让给别人）</label>
        </div>
        <button type="submit">取消报名</button>
      </form>
    </xsl:if>
    <p><a href="/classes">看看其他课程</a></p>
  </xsl:template>

  <!-- In place of an enrolment asked for from another site's page, or while
       this address has looked up too many: one button that posts. -->
  <xsl:template match="page[@name='class-enrolment-button']" mode="main">
    <xsl:if test="notice">
      <p class="notice warn"><xsl:value-of select="notice"/></p>
    </xsl:if>
    <form method="post" action="/classes/enrolment/{code}" class="stack">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="action" value="view"/>
      <p>为保护报名人的信息，请点下面的按钮查看这个报名。</p>
      <button class="primary" type="submit">查看我的报名</button>
    </form>
    <p><a href="/classes">看看其他课程</a></p>
  </xsl:template>

  <!-- ===================================================================
       Staff pages
       =================================================================== -->
  <xsl:template match="page[@name='admin-class-list']" mode="main">
    <p><a class="button primary" href="/admin/classes/new">开设新课程</a>
      <xsl:text> </xsl:text><a class="button" href="/admin/export/enrolments.csv">导出报名名单（CSV）</a></p>
    <xsl:choose>
      <xsl:when test="classes/class">
        <table class="list">
          <thead><tr><th>课程</th><th>时间</th><th>乡镇</th><th>状态</th><th>已报名</th><th>候补</th><th>签到</th><th>出勤率</th><th>留守家庭（签到）</th><th></th></tr></thead>
          <tbody>
            <xsl:for-each select="classes/class">
              <tr data-class="{@id}">
                <td data-label="课程"><xsl:value-of select="@title"/></td>
                <td data-label="时间"><xsl:value-of select="@date"/><xsl:text> </xsl:text><xsl:value-of select="@start"/></td>
                <td data-label="乡镇"><xsl:value-of select="@township"/></td>
                <td data-label="状态"><xsl:value-of select="@status-label"/></td>
                <td data-label="已报名" class="enrolled"><xsl:value-of select="@enrolled"/>/<xsl:value-of select="@capacity"/></td>
                <td data-label="候补" class="waiting"><xsl:value-of select="@waiting"/></td>
                <td data-label="签到" class="attended"><xsl:value-of select="@attended"/></td>
                <td data-label="出勤率" class="rate"><xsl:value-of select="@rate"/></td>
                <td data-label="留守家庭" class="left-behind"><xsl:value-of select="@left-behind"/>（<xsl:value-of select="@left-behind-reached"/>）</td>
                <td><a href="/admin/classes/{@id}/roster">名单</a><xsl:text> </xsl:text><a href="/admin/classes/{@id}/edit">修改</a></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="notice">还没有开设课程。</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@name='admin-class-new' or @name='admin-class-edit']" mode="main">
    <xsl:variable name="action">
      <xsl:choose>
        <xsl:when test="editing">/admin/classes/<xsl:value-of select="editing/@id"/>/edit</xsl:when>
        <xsl:otherwise>/admin/classes/new</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <form class="stack" method="post" action="{$action}" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="input">
        <xsl:with-param name="name">title</xsl:with-param>
      </xsl:call-template>
      <xsl:variable name="d" select="/page/form/field[@name='description']"/>
      <div class="field">
        <xsl:if test="$d/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
        <label for="description">课程介绍（选填）</label>
        <textarea id="description" name="description" maxlength="{$d/@max}"><xsl:value-of select="$d/@value"/></textarea>
        <xsl:call-template name="field-error"><xsl:with-param name="f" select="$d"/></xsl:call-template>
      </div>
      <xsl:call-template name="cls-code-select">
        <xsl:with-param name="name">audience</xsl:with-param>
        <xsl:with-param name="options" select="/page/audiences"/>
      </xsl:call-template>
      <!-- A township admin opens classes in its own township only: the one
           choice, already made. -->
      <xsl:variable name="own" select="/page/user[@role = 'township_admin']/@township"/>
      <xsl:call-template name="cls-select">
        <xsl:with-param name="name">township</xsl:with-param>
        <xsl:with-param name="options" select="/page/townships/township[not($own) or @id = $own]"/>
        <xsl:with-param name="empty"><xsl:if test="not($own)">请选择</xsl:if></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">venue</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">date</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="hint">如 2026-03-01</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">start</xsl:with-param>
        <xsl:with-param name="type">time</xsl:with-param>
        <xsl:with-param name="hint">如 09:30</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">minutes</xsl:with-param>
        <xsl:with-param name="mode">numeric</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">capacity</xsl:with-param>
        <xsl:with-param name="label">名额（人）</xsl:with-param>
        <xsl:with-param name="mode">numeric</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">deadline</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">deadline_time</xsl:with-param>
        <xsl:with-param name="type">time</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="cls-radios">
        <xsl:with-param name="name">status</xsl:with-param>
        <xsl:with-param name="options" select="/page/statuses"/>
      </xsl:call-template>
      <p class="hint">选“已取消”后，所有报名页面都会显示课程已取消。</p>
      <button class="primary" type="submit">保存</button>
    </form>
    <p><a href="/admin/classes">返回课程列表</a></p>
  </xsl:template>

  <xsl:template match="page[@name='admin-class-roster']" mode="main">
    <xsl:variable name="c" select="class"/>
    <h2><xsl:value-of select="$c/@title"/>（<xsl:value-of select="$c/@status-label"/>）</h2>
    <xsl:if test="saved"><p class="notice ok"><xsl:value-of select="saved"/></p></xsl:if>
    <xsl:apply-templates select="$c" mode="cls-facts"/>
    <dl class="facts figures">
      <dt>已报名</dt><dd class="enrolled"><xsl:value-of select="$c/@enrolled"/></dd>
      <dt>候补</dt><dd class="waiting"><xsl:value-of select="$c/@waiting"/></dd>
      <dt>已签到</dt><dd class="attended"><xsl:value-of select="$c/@attended"/></dd>
      <dt>出勤率</dt><dd class="rate"><xsl:value-of select="$c/@rate"/></dd>
      <dt>留守儿童家庭（报名 / 已签到）</dt><dd class="left-behind"><xsl:value-of select="$c/@left-behind"/> / <xsl:value-of select="$c/@left-behind-reached"/></dd>
    </dl>
    <p><a class="button" href="/admin/classes/{$c/@id}/sheet">打印签到表</a>
      <xsl:text> </xsl:text><a class="button" href="/admin/classes/{$c/@id}/edit">修改课程</a>
      <xsl:text> </xsl:text><a class="button" href="/admin/export/enrolments.csv?class={$c/@id}">导出名单（CSV）</a></p>
    <form method="post" action="/admin/classes/{$c/@id}/roster">
      <xsl:call-template name="csrf"/>
      <h2>已报名</h2>
      <xsl:call-template name="cls-roster-table">
        <xsl:with-param name="rows" select="enrolments/enrolment[@status='enrolled']"/>
        <xsl:with-param name="checkin" select="true()"/>
      </xsl:call-template>
      <h2>候补</h2>
      <xsl:call-template name="cls-roster-table">
        <xsl:with-param name="rows" select="enrolments/enrolment[@status='waiting']"/>
      </xsl:call-template>
    </form>
    <xsl:if test="enrolments/enrolment[@status='cancelled']">
      <h2>已取消</h2>
      <ul>
        <xsl:for-each select="enrolments/enrolment[@status='cancelled']">
          <li data-enrolment="{@id}"><xsl:value-of select="@name"/><xsl:text> </xsl:text><xsl:value-of select="@phone"/>（<xsl:value-of select="@village"/>）</li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <p><a href="/admin/classes">返回课程列表</a></p>
  </xsl:template>

  <!-- The roster's 取消报名 asks first; nothing changes until 确认取消. -->
  <xsl:template match="page[@name='admin-class-cancel']" mode="main">
    <xsl:variable name="e" select="enrolment"/>
    <h2><xsl:value-of select="class/@title"/></h2>
    <p class="notice warn">确定要取消 <strong><xsl:value-of select="$e/@name"/></strong>（<xsl:value-of select="$e/@relationship"/>，<xsl:value-of select="$e/@village"/>）的报名吗？报名还没有取消。<xsl:if test="$e/@status = 'enrolled'">取消后，候补第一位的人会自动转为已报名。</xsl:if></p>
    <form method="post" action="/admin/classes/{class/@id}/roster" class="stack">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="cancel" value="{$e/@id}"/>
      <input type="hidden" name="confirm" value="yes"/>
      <button class="primary" type="submit">确认取消</button>
    </form>
    <p><a class="button" href="/admin/classes/{class/@id}/roster#e{$e/@id}">不取消，返回名单</a></p>
  </xsl:template>

  <xsl:template name="cls-roster-table">
    <xsl:param name="rows"/>
    <xsl:param name="checkin" select="false()"/>
    <xsl:choose>
      <xsl:when test="$rows">
        <table class="list">
          <thead><tr><th>#</th><th>姓名</th><th>手机</th><th>关系</th><th>村（社区）</th><th>孩子年龄</th><th>留守</th><xsl:if test="$checkin"><th>签到</th></xsl:if><th></th></tr></thead>
          <tbody>
            <xsl:for-each select="$rows">
              <tr id="e{@id}" data-enrolment="{@id}">
                <td data-label="#"><xsl:choose><xsl:when test="@position != '0'">候补第<xsl:value-of select="@position"/>位</xsl:when><xsl:otherwise><xsl:value-of select="position()"/></xsl:otherwise></xsl:choose></td>
                <td data-label="姓名"><xsl:value-of select="@name"/></td>
                <td data-label="手机"><xsl:value-of select="@phone"/></td>
                <td data-label="关系"><xsl:value-of select="@relationship"/></td>
                <td data-label="村"><xsl:value-of select="@village"/></td>
                <td data-label="孩子年龄"><xsl:value-of select="@age-group"/></td>
                <td data-label="留守"><xsl:if test="@left-behind = '1'">是</xsl:if></td>
                <xsl:if test="$checkin">
                  <td data-label="签到">
                    <xsl:choose>
                      <xsl:when test="@attended = '1'">✔ 已签到 <button type="submit" name="absent" value="{@id}">撤销</button></xsl:when>
                      <xsl:otherwise><button class="primary" type="submit" name="present" value="{@id}">签到</button></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </xsl:if>
                <td><button type="submit" name="cancel" value="{@id}">取消报名</button></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="muted">（无）</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The sign-in sheet for paper (static/print.css lays it out on A4). -->
  <xsl:template match="page[@name='admin-class-sheet']" mode="main">
    <xsl:variable name="c" select="class"/>
    <!-- No script may print (the Content-Security-Policy forbids it): a hint. -->
    <p class="notice no-print print-hint">打印签到表：在浏览器菜单里选“打印”（电脑上可同时按 Ctrl 和 P），纸张选 A4、纵向。打印出来只有下面的表格。</p>
    <div class="sheet">
      <h2><xsl:value-of select="$c/@title"/></h2>
      <p><xsl:value-of select="$c/@date"/><xsl:text> </xsl:text><xsl:value-of select="$c/@start"/>–<xsl:value-of select="$c/@end"/> · <xsl:value-of select="$c/@township"/> · <xsl:value-of select="$c/@venue"/></p>
      <xsl:if test="$c/@status = 'cancelled'"><p class="notice warn">本课程已取消。</p></xsl:if>
      <table class="sheet">
        <thead><tr><th>序号</th><th>姓名</th><th>手机</th><th>关系</th><th>村（社区）</th><th class="sign">签名</th></tr></thead>
        <tbody>
          <xsl:for-each select="enrolments/enrolment[@status='enrolled']">
            <tr data-enrolment="{@id}">
              <td><xsl:value-of select="position()"/></td>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:value-of select="@phone"/></td>
              <td><xsl:value-of select="@relationship"/></td>
              <td><xsl:value-of select="@village"/></td>
              <td class="sign"></td>
            </tr>
          </xsl:for-each>
          <xsl:for-each select="enrolments/enrolment[@status='waiting']">
            <tr data-enrolment="{@id}" class="waiting">
              <td>候补<xsl:value-of select="@position"/></td>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:value-of select="@phone"/></td>
              <td><xsl:value-of select="@relationship"/></td>
              <td><xsl:value-of select="@village"/></td>
              <td class="sign"></td>
            </tr>
          </xsl:for-each>
          <tr class="blank"><td></td><td></td><td></td><td></td><td></td><td class="sign"></td></tr>
          <tr class="blank"><td></td><td></td><td></td><td></td><td></td><td class="sign"></td></tr>
          <tr class="blank"><td></td><td></td><td></td><td></td><td></td><td class="sign"></td></tr>
        </tbody>
      </table>
      <p class="muted">已报名 <xsl:value-of select="count(enrolments/enrolment[@status='enrolled'])"/> 人，候补 <xsl:value-of select="count(enrolments/enrolment[@status='waiting'])"/> 人。签到后请在系统“报名名单”中逐一点“签到”。</p>
    </div>
    <p class="no-print"><a href="/admin/classes/{$c/@id}/roster">返回报名名单</a></p>
  </xsl:template>
</xsl:stylesheet>
