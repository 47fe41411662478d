<?xml version="1.0" encoding="UTF-8"?>
<!-- Staff sign-in and the staff member's menu. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- With resume (a staff form posted after the session ended) the
       sign-in posts to that form's own address, carrying what was posted
       as hidden fields; its own fields are then named relogin.*. -->
  <xsl:template match="page[@name='login']" mode="main">
    <form class="stack" method="post" action="/login">
      <xsl:if test="resume"><xsl:attribute name="action"><xsl:value-of select="resume/@action"/></xsl:attribute></xsl:if>
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:choose>
        <xsl:when test="resume">
          <xsl:for-each select="resume/keep">
            <input type="hidden" name="{@name}" value="{@value}"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise><input type="hidden" name="next" value="{next}"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="input">
        <xsl:with-param name="name">username</xsl:with-param>
      </xsl:call-template>
      <div class="field">
        <label for="password"><xsl:value-of select="form/field[@name='password']/@label"/></label>
        <input type="password" id="password" name="{form/@prefix}password" required="required" autocomplete="current-password"/>
      </div>
      <button class="primary" type="submit">登录</button>
    </form>
  </xsl:template>

  <xsl:template match="page[@name='staff-home']" mode="main">
    <p class="lead">您好，<xsl:value-of select="user/@name"/>。</p>
    <ul class="services">
      <xsl:choose>
        <xsl:when test="user/@role = 'station_operator'">
          <li><a href="/station/services/new"><strong>登记服务记录</strong><span>把服务台账录入系统，一次可录多条。</span></a></li>
          <li><a href="/station/services"><strong>服务记录</strong><span>查询、更正、作废服务记录。</span></a></li>
          <li><a href="/station/elders"><strong>服务对象</strong><span>本站服务的老年人名册。</span></a></li>
        </xsl:when>
        <xsl:otherwise>
          <li><a href="/station/services"><strong>服务记录</strong><span>各服务站的服务台账、志愿者服务时长、导出。</span></a></li>
          <li><a href="/admin/volunteers"><strong>志愿者审核</strong><span>审核报名，发放志愿者编号。</span></a></li>
          <li><a href="/admin/classes"><strong>家长课堂</strong><span>开设课程，查看报名和签到。</span></a></li>
          <li><a href="/admin/dashboard"><strong>工作统计</strong><span>服务站、志愿者、服务人次等数据。</span></a></li>
          <li><a href="/admin/staff"><strong>工作人员账号</strong><span>新建、停用账号，重置密码。</span></a></li>
          <xsl:if test="user/@role = 'county_admin'"><li><a href="/admin/audit"><strong>操作记录</strong><span>谁在什么时候做了什么。</span></a></li></xsl:if>
        </xsl:otherwise>
      </xsl:choose>
      <li><a href="/admin/password"><strong>修改密码</strong><span>换一个只有自己知道的密码。</span></a></li>
    </ul>
  </xsl:template>
</xsl:stylesheet>
