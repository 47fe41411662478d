<?xml version="1.0" encoding="UTF-8"?>
<!-- The county's figures: the dashboard, its charts (inline SVG, drawn here
     from the numbers; presentation attributes only, black and grey, the
     numbers written on them) and the work report's sentences. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svg="http://www.w3.org/2000/svg" exclude-result-prefixes="svg">

  <!-- Horizontal bars: one per item of $rows, labelled by @name or @label,
       long as $value's share of $max. -->
  <xsl:template name="fig-bars">
    <xsl:param name="rows"/>
    <xsl:param name="max"/>
    <xsl:param name="title"/>
    <xsl:variable name="m"><xsl:choose><xsl:when test="$max &gt; 0"><xsl:value-of select="$max"/></xsl:when><xsl:otherwise>1</xsl:otherwise></xsl:choose></xsl:variable>
    <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 480 {count($rows) * 24 + 8}"
        width="480" height="{count($rows) * 24 + 8}" font-size="13" font-family="sans-serif">
      <title><xsl:value-of select="$title"/></title>
      <xsl:for-each select="$rows">
        <xsl:variable name="y" select="@i * 24 + 4"/>
        <xsl:variable name="w" select="round(@services * 300 div $m)"/>
        <text x="96" y="{$y + 15}" text-anchor="end" fill="#000"><xsl:value-of select="concat(@name, @label)"/></text>
        <rect x="100" y="{$y}" width="{$w}" height="18" fill="#555" stroke="#000" stroke-width="1"/>
        <text x="{104 + $w}" y="{$y + 15}" fill="#000"><xsl:value-of select="@services"/></text>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <!-- A line through each month's services. -->
  <xsl:template name="fig-line">
    <xsl:param name="months"/>
    <xsl:variable name="n" select="$months/@n"/>
    <xsl:variable name="m"><xsl:choose><xsl:when test="$months/@max &gt; 0"><xsl:value-of select="$months/@max"/></xsl:when><xsl:otherwise>1</xsl:otherwise></xsl:choose></xsl:variable>
    <xsl:variable name="step"><xsl:choose><xsl:when test="$n &gt; 1"><xsl:value-of select="420 div ($n - 1)"/></xsl:when><xsl:otherwise>0</xsl:otherwise></xsl:choose></xsl:variable>
    <xsl:variable name="x0"><xsl:choose><xsl:when test="$n &gt; 1">40</xsl:when><xsl:otherwise>250</xsl:otherwise></xsl:choose></xsl:variable>
    <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 500 230" width="500" height="230"
        font-size="12" font-family="sans-serif">
      <title>各月服务人次</title>
      <line x1="30" y1="190" x2="480" y2="190" stroke="#000" stroke-width="1"/>
      <polyline fill="none" stroke="#000" stroke-width="2">
        <xsl:attribute name="points">
          <xsl:for-each select="$months/m">
            <xsl:value-of select="concat(round($x0 + @i * $step), ',', round(190 - @services * 150 div $m), ' ')"/>
          </xsl:for-each>
        </xsl:attribute>
      </polyline>
      <xsl:for-each select="$months/m">
        <xsl:variable name="x" select="round($x0 + @i * $step)"/>
        <xsl:variable name="y" select="round(190 - @services * 150 div $m)"/>
        <circle cx="{$x}" cy="{$y}" r="3" fill="#fff" stroke="#000" stroke-width="1.5"/>
        <xsl:if test="$n &lt;= 24 or @i mod ceiling($n div 24) = 0">
          <text x="{$x}" y="{$y - 8}" text-anchor="middle" fill="#000"><xsl:value-of select="@services"/></text>
          <text x="{$x}" y="206" text-anchor="middle" fill="#000"><xsl:value-of select="number(substring(@name, 6, 2))"/>月</text>
        </xsl:if>
      </xsl:for-each>
      <text x="30" y="224" fill="#000"><xsl:value-of select="$months/m[1]/@name"/> 至 <xsl:value-of select="$months/m[last()]/@name"/></text>
    </svg>
  </xsl:template>

  <xsl:template match="page[@name='dashboard']" mode="main">
    <xsl:variable name="d" select="dash"/>
    <form class="stack filters" method="get" action="/admin/dashboard">
      <div class="field">
        <label for="period">统计周期</label>
        <select id="period" name="period">
          <xsl:for-each select="period-kinds/option">
            <option value="{@code}"><xsl:if test="@code = $d/@period"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@label"/></option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="year">年份</label>
        <input id="year" name="year" type="number" min="2000" max="2100" value="{$d/@year}"/>
      </div>
      <div class="field">
        <label for="quarter">季度（按季度时）</label>
        <select id="quarter" name="quarter">
          <xsl:call-template name="dash-numbers">
            <xsl:with-param name="last" select="4"/>
            <xsl:with-param name="selected" select="$d/@quarter"/>
            <xsl:with-param name="before">第</xsl:with-param>
            <xsl:with-param name="after">季度</xsl:with-param>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="month">月份（按月时）</label>
        <select id="month" name="month">
          <xsl:call-template name="dash-numbers">
            <xsl:with-param name="last" select="12"/>
            <xsl:with-param name="selected" select="$d/@month"/>
            <xsl:with-param name="after">月</xsl:with-param>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="from">开始日期（自定日期时）</label>
        <input id="from" name="from" type="date" value="{$d/@from}"/>
      </div>
      <div class="field">
        <label for="to">结束日期（自定日期时）</label>
        <input id="to" name="to" type="date" value="{$d/@to}"/>
      </div>
      <xsl:if test="places">
        <div class="field">
          <label for="township">范围</label>
          <select id="township" name="township">
            <option value="0">全县</option>
            <xsl:for-each select="places/township">
              <option value="{@id}"><xsl:if test="@id = $d/@township"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@name"/></option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <div class="actions"><button type="submit">查看</button></div>
    </form>

    <h2><xsl:value-of select="$d/@scope-name"/>　<xsl:value-of select="$d/@when"/></h2>
    <xsl:variable name="t" select="total"/>
    <section class="card">
      <h3>一老：互助养老</h3>
      <dl class="figures">
        <dt>覆盖乡镇</dt><dd data-fig="towns"><xsl:value-of select="$t/@towns"/></dd>
        <dt>覆盖村（社区）</dt><dd data-fig="villages"><xsl:value-of select="$t/@villages"/></dd>
        <dt>互助养老服务站</dt><dd data-fig="stations"><xsl:value-of select="$t/@stations"/></dd>
        <dt>志愿者（已审核）</dt><dd data-fig="volunteers"><xsl:value-of select="$t/@volunteers"/></dd>
        <dt>本期新增志愿者</dt><dd data-fig="volunteers-new"><xsl:value-of select="$t/@volunteers-new"/></dd>
        <dt>服务老年人（人）</dt><dd data-fig="elders"><xsl:value-of select="$t/@elders"/></dd>
        <dt>服务人次</dt><dd data-fig="services"><xsl:value-of select="$t/@services"/></dd>
        <dt>志愿服务小时</dt><dd data-fig="hours"><xsl:value-of select="$t/@hours"/></dd>
      </dl>
    </section>
    <section class="card">
      <h3>一小：家庭教育家长课堂</h3>
      <dl class="figures">
        <dt>开课</dt><dd data-fig="classes"><xsl:value-of select="$t/@classes"/></dd>
        <dt>报名人次</dt><dd data-fig="enrolled"><xsl:value-of select="$t/@enrolled"/></dd>
        <dt>签到人次</dt><dd data-fig="attended"><xsl:value-of select="$t/@attended"/></dd>
        <dt>到课率</dt><dd data-fig="attendance"><xsl:value-of select="$t/@attendance"/></dd>
        <dt>留守儿童家庭（签到）</dt><dd data-fig="left-behind"><xsl:value-of select="$t/@left-behind"/></dd>
      </dl>
    </section>

    <section class="card report">
      <h3>汇报数据</h3>
      <xsl:for-each select="report/line"><p class="report-line"><xsl:value-of select="."/></p></xsl:for-each>
      <p><a href="/admin/dashboard/report.txt?{$d/@qs}">下载文字（.txt）</a></p>
    </section>

    <h3>各乡镇</h3>
    <xsl:call-template name="fig-bars">
      <xsl:with-param name="rows" select="townships/t"/>
      <xsl:with-param name="max" select="townships/@max"/>
      <xsl:with-param name="title">各乡镇服务人次</xsl:with-param>
    </xsl:call-template>
    <table class="list figures-table" id="townships">
      <thead><tr><th>乡镇</th><th>服务站</th><th>村（社区）</th><th>志愿者</th><th>新增</th><th>服务老年人</th><th>服务人次</th><th>志愿服务小时</th><th>开课</th><th>报名</th><th>签到</th><th>到课率</th><th>留守家庭</th></tr></thead>
      <tbody>
        <xsl:for-each select="townships/t | total">
          <tr data-township="{@id}">
            <xsl:if test="self::total"><xsl:attribute name="data-township">total</xsl:attribute></xsl:if>
            <td data-label="乡镇"><xsl:choose><xsl:when test="self::total">合计</xsl:when><xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise></xsl:choose></td>
            <td data-label="服务站"><xsl:value-of select="@stations"/></td>
            <td data-label="村（社区）"><xsl:value-of select="@villages"/></td>
            <td data-label="志愿者"><xsl:value-of select="@volunteers"/></td>
            <td data-label="新增"><xsl:value-of select="@volunteers-new"/></td>
            <td data-label="服务老年人"><xsl:value-of select="@elders"/></td>
            <td data-label="服务人次"><xsl:value-of select="@services"/></td>
            <td data-label="志愿服务小时"><xsl:value-of select="@hours"/></td>
            <td data-label="开课"><xsl:value-of select="@classes"/></td>
            <td data-label="报名"><xsl:value-of select="@enrolled"/></td>
            <td data-label="签到"><xsl:value-of select="@attended"/></td>
            <td data-label="到课率"><xsl:value-of select="@attendance"/></td>
            <td data-label="留守家庭"><xsl:value-of select="@left-behind"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <p><a href="/admin/export/dashboard.csv?table=townships&amp;{$d/@qs}">导出各乡镇（CSV）</a></p>

    <h3>各月服务人次</h3>
    <xsl:call-template name="fig-line"><xsl:with-param name="months" select="months"/></xsl:call-template>
    <table class="list figures-table" id="months">
      <thead><tr><th>月份</th><th>服务人次</th><th>志愿服务小时</th></tr></thead>
      <tbody>
        <xsl:for-each select="months/m">
          <tr data-month="{@name}"><td data-label="月份"><xsl:value-of select="@name"/></td><td data-label="服务人次"><xsl:value-of select="@services"/></td><td data-label="志愿服务小时"><xsl:value-of select="@hours"/></td></tr>
        </xsl:for-each>
      </tbody>
    </table>
    <p><a href="/admin/export/dashboard.csv?table=months&amp;{$d/@qs}">导出各月（CSV）</a></p>

    <h3>服务类型</h3>
    <xsl:call-template name="fig-bars">
      <xsl:with-param name="rows" select="types/type"/>
      <xsl:with-param name="max" select="types/@max"/>
      <xsl:with-param name="title">各服务类型服务人次</xsl:with-param>
    </xsl:call-template>
    <table class="list figures-table" id="types">
      <thead><tr><th>服务类型</th><th>服务人次</th><th>志愿服务小时</th></tr></thead>
      <tbody>
        <xsl:for-each select="types/type">
          <tr data-type="{@name}"><td data-label="服务类型"><xsl:value-of select="@name"/></td><td data-label="服务人次"><xsl:value-of select="@services"/></td><td data-label="志愿服务小时"><xsl:value-of select="@hours"/></td></tr>
        </xsl:for-each>
      </tbody>
    </table>
    <p><a href="/admin/export/dashboard.csv?table=types&amp;{$d/@qs}">导出服务类型（CSV）</a></p>

    <h3>服务老年人类别</h3>
    <table class="list figures-table" id="care">
      <thead><tr><th>类别</th><th>服务老年人</th></tr></thead>
      <tbody>
        <xsl:for-each select="care/flag">
          <tr data-care="{@code}"><td data-label="类别"><xsl:value-of select="@label"/></td><td data-label="服务老年人"><xsl:value-of select="@elders"/></td></tr>
        </xsl:for-each>
      </tbody>
    </table>
    <p class="hint">一位老人可有多个类别。</p>
    <p><a href="/admin/export/dashboard.csv?table=care&amp;{$d/@qs}">导出服务老年人类别（CSV）</a></p>
  </xsl:template>
  <!-- Options n..last, each "before n after", the one equal to selected chosen: counted, not taken
       from the first n nodes of the whole page (the old idiom, which needs a page of at least 12
       nodes and walks all of them; no faster here, measured, but it says what it means). -->
  <xsl:template name="dash-numbers">
    <xsl:param name="n" select="1"/>
    <xsl:param name="last"/>
    <xsl:param name="selected"/>
    <xsl:param name="before"/>
    <xsl:param name="after"/>
    <option value="{$n}"><xsl:if test="$n = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="concat($before, $n, $after)"/></option>
    <xsl:if test="$n &lt; $last">
      <xsl:call-template name="dash-numbers">
        <xsl:with-param name="n" select="$n + 1"/>
        <xsl:with-param name="last" select="$last"/>
        <xsl:with-param name="selected" select="$selected"/>
        <xsl:with-param name="before" select="$before"/>
        <xsl:with-param name="after" select="$after"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
