<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="page[@name='home']" mode="main">
    <p class="lead">关爱老人，守护孩子。在这里可以报名当志愿者、查询服务记录、报名家长课堂。</p>
    <ul class="services">
      <li><a href="/volunteer/register"><strong>报名互助养老志愿者</strong>
        <span>为村里的老人助餐、助洁、陪伴聊天，服务时长记录在案，可开具志愿服务记录证明。</span></a></li>
      <li><a href="/volunteer/lookup"><strong>志愿者查询</strong>
        <span>查看报名审核结果、服务时长，打印志愿服务记录证明。</span></a></li>
      <li><a href="/classes"><strong>家庭教育 · 家长课堂</strong>
        <span>给爸爸妈妈、爷爷奶奶的育儿课，留守儿童家庭优先，报名免费。</span></a></li>
    </ul>
    <p class="muted"><a href="/login">工作人员登录</a></p>
  </xsl:template>
</xsl:stylesheet>
