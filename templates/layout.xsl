<?xml version="1.0" encoding="UTF-8"?>
<!-- Layout shared by every page: Chinese, mobile-first, no JavaScript. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <xsl:template match="/page">
    <html lang="zh-CN">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="@title"/> · <xsl:value-of select="@county"/>一老一小服务平台</title>
        <link rel="stylesheet" href="/static/style.css"/>
        <xsl:if test="@name = 'admin-class-sheet' or @name = 'certificate'"><link rel="stylesheet" href="/static/print.css"/></xsl:if>
      </head>
      <body>
        <!-- Staff pages (a signed-in user) use the width of an office screen. -->
        <xsl:if test="user"><xsl:attribute name="class">staff</xsl:attribute></xsl:if>
        <header class="site">
          <a class="brand" href="/"><xsl:value-of select="@county"/>一老一小服务平台</a>
          <nav>
            <xsl:choose>
              <xsl:when test="user">
                <xsl:apply-templates select="." mode="staff-nav"/>
              </xsl:when>
              <xsl:otherwise>
                <a href="/volunteer/register">志愿者报名</a>
                <a href="/volunteer/lookup">志愿者查询</a>
                <a href="/classes">家长课堂</a>
              </xsl:otherwise>
            </xsl:choose>
          </nav>
        </header>
        <main>
          <h1><xsl:value-of select="@title"/></h1>
          <xsl:apply-templates select="." mode="main"/>
        </main>
        <footer class="site">
          <p><xsl:call-template name="bureau"/> 一老一小服务平台 · 有问题请联系所在村（社区）或乡镇民政办</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The bureau's name (county_setting), or 县民政局 before it is known. -->
  <xsl:template name="bureau">
    <xsl:choose>
      <xsl:when test="/page/@bureau != ''"><xsl:value-of select="/page/@bureau"/></xsl:when>
      <xsl:otherwise>县民政局</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Staff navigation; pages of the staff responder add to it by role. -->
  <xsl:template match="page" mode="staff-nav">
    <span class="muted"><xsl:value-of select="user/@name"/>（<xsl:value-of select="user/@role-label"/>）</span>
    <xsl:if test="user/@role = 'station_operator'">
      <a href="/station/">工作台</a>
      <a href="/station/services">服务记录</a>
      <a href="/station/elders">服务对象</a>
    </xsl:if>
    <xsl:if test="user/@role != 'station_operator'">
      <a href="/admin/">工作台</a>
      <a href="/admin/volunteers">志愿者审核</a>
    </xsl:if>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="csrf" value="{@csrf}"/>
      <button type="submit">退出</button>
    </form>
  </xsl:template>

  <!-- A page without its own template: an error rather than a blank. -->
  <xsl:template match="page" mode="main">
    <p class="notice warn">页面暂时无法显示。</p>
  </xsl:template>

  <!-- An error page; signed-in staff go back to their own home. -->
  <xsl:template match="page[@name='error']" mode="main">
    <p class="notice warn"><xsl:value-of select="message"/></p>
    <xsl:choose>
      <xsl:when test="user/@role = 'station_operator'"><p><a class="button" href="/station/">返回工作台</a></p></xsl:when>
      <xsl:when test="user"><p><a class="button" href="/admin/">返回工作台</a></p></xsl:when>
      <xsl:otherwise><p><a class="button" href="/">返回首页</a></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
