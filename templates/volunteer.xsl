<?xml version="1.0" encoding="UTF-8"?>
<!-- Volunteer pages: registration form and what happens next. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="page[@name='volunteer-register']" mode="main">
    <p class="lead">年满18周岁、身体健康、愿意帮助村里老人的乡亲，都可以报名。提交后由乡镇审核，审核通过会发给您志愿者编号。</p>
    <form class="stack" method="post" action="/volunteer/register" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"/>
      <xsl:call-template name="input">
        <xsl:with-param name="name">name</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name">id_number</xsl:with-param>
        <xsl:with-param name="hint">18位，最后一位可能是 X。性别和出生日期会按身份证自动填写。</xsl:with-param>
        <xsl:with-param name="max">24</xsl:with-param>
      </xsl:call-template>
      <xsl:if test="/page/id-taken">
        <p class="hint"><a href="/volunteer/lookup">到“志愿者查询”查看审核进度</a></p>
      </xsl:if>
      <xsl:call-template name="input">
        <xsl:with-param name="name">phone</xsl:with-param>
        <xsl:with-param name="type">tel</xsl:with-param>
        <xsl:with-param name="mode">numeric</xsl:with-param>
        <xsl:with-param name="max">20</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="places"/>
      <xsl:call-template name="input">
        <xsl:with-param name="name">address</xsl:with-param>
        <xsl:with-param name="label">详细住址（选填）</xsl:with-param>
        <xsl:with-param name="hint">如：3组 12号</xsl:with-param>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="checkboxes">
        <xsl:with-param name="name">skills</xsl:with-param>
        <xsl:with-param name="label">能提供哪些服务（可多选）</xsl:with-param>
        <xsl:with-param name="options" select="/page/skills"/>
      </xsl:call-template>
      <xsl:call-template name="checkboxes">
        <xsl:with-param name="name">availability</xsl:with-param>
        <xsl:with-param name="label">什么时间方便（可多选）</xsl:with-param>
        <xsl:with-param name="options" select="/page/availability"/>
      </xsl:call-template>
      <div class="consent" id="privacy">
        <h2>个人信息处理说明</h2>
        <p><xsl:call-template name="bureau"/>收集您的姓名、身份证号码、手机号码和住址，只用于志愿者审核、安排服务、记录服务时长和开具证明。</p>
        <p>身份证号码加密保存，列表中只显示部分号码；只有县级工作人员在必要时可查看完整号码，且每次查看都有记录。</p>
        <p>您的信息不会提供给与志愿服务无关的单位或个人。您可以随时联系乡镇民政办查询、更正或注销您的报名信息。</p>
      </div>
      <xsl:variable name="c" select="/page/form/field[@name='consent']"/>
      <div class="field">
        <xsl:if test="$c/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
        <label class="choice"><input type="checkbox" id="consent" name="consent" value="yes"/> 我已阅读并同意以上个人信息处理说明</label>
        <xsl:call-template name="field-error"><xsl:with-param name="f" select="$c"/></xsl:call-template>
      </div>
      <button class="primary" type="submit">提交报名</button>
    </form>
  </xsl:template>

  <xsl:template match="page[@name='volunteer-registered']" mode="main">
    <p class="notice ok">谢谢您！报名信息已经提交。</p>
    <h2>接下来</h2>
    <ol>
      <li>乡镇民政办会在 5 个工作日内审核，可能会打电话和您核对信息。</li>
      <li>审核通过后，您会得到一个志愿者编号，并被安排到离家近的互助养老服务站。</li>
      <li>随时可以用身份证号码和手机号码<a href="/volunteer/lookup">查询审核结果</a>。</li>
    </ol>
    <p><a class="button" href="/">返回首页</a></p>
  </xsl:template>
</xsl:stylesheet>
