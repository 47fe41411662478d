<?xml version="1.0" encoding="UTF-8"?>
<!-- Form parts. A field's value and message come from
     /page/form/field[@name=...]; names get the form's row prefix. Its
     label and maximum length come from there too (the form's table in C)
     unless the caller passes other words: leave them out when the table's
     will do. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- The hidden CSRF field every state-changing form carries. -->
  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{/page/@csrf}"/>
  </xsl:template>

  <!-- Summary at the top of a form with errors: the page's notice, then
       each problem linked to its field (#name; fields carry their name as
       id) or, on a form of several rows, to its row (#rowN). Plain links:
       no JavaScript needed to jump to the field. -->
  <xsl:template name="form-errors">
    <xsl:if test="/page/notice">
      <div class="errors" role="alert"><xsl:value-of select="/page/notice"/>
        <xsl:call-template name="error-links"/>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="error-links">
    <xsl:choose>
      <xsl:when test="/page/form[@row][@errors != '0']">
        <ul class="error-links">
          <xsl:for-each select="/page/form[@row][@errors != '0']">
            <li><a href="#row{@row}">第 <xsl:value-of select="@row"/> 条：<xsl:for-each select="field[@error]"><xsl:if test="position() > 1">；</xsl:if><xsl:value-of select="@error"/></xsl:for-each></a></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:when test="/page/form[not(@row)]/field[@error]">
        <ul class="error-links">
          <xsl:for-each select="/page/form[not(@row)]/field[@error]">
            <li><a href="#{@name}"><xsl:value-of select="@error"/></a></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="field-error">
    <xsl:param name="f"/>
    <xsl:if test="$f/@error">
      <span class="error" id="{$f/@name}-error">⚠ <xsl:value-of select="$f/@error"/></span>
    </xsl:if>
  </xsl:template>

  <!-- A one-line input. -->
  <xsl:template name="input">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="hint"/>
    <xsl:param name="mode"/>
    <xsl:param name="max" select="/page/form/field[@name=$name]/@max"/>
    <xsl:param name="required" select="true()"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <div class="field">
      <xsl:if test="$f/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <xsl:if test="$hint"><p class="hint"><xsl:value-of select="$hint"/></p></xsl:if>
      <input type="{$type}" id="{$name}" name="{/page/form/@prefix}{$name}" value="{$f/@value}">
        <xsl:if test="$mode"><xsl:attribute name="inputmode"><xsl:value-of select="$mode"/></xsl:attribute></xsl:if>
        <xsl:if test="$max"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:if test="$f/@error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="$name"/>-error</xsl:attribute>
        </xsl:if>
      </input>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- Checkboxes for a repeatable choice field; options from $options. -->
  <xsl:template name="checkboxes">
    <xsl:param name="name"/>
    <xsl:param name="label" select="/page/form/field[@name=$name]/@label"/>
    <xsl:param name="options"/>
    <xsl:variable name="f" select="/page/form/field[@name=$name]"/>
    <fieldset class="choices" id="{$name}">
      <xsl:if test="$f/@error"><xsl:attribute name="class">choices invalid</xsl:attribute></xsl:if>
      <legend><xsl:value-of select="$label"/></legend>
      <xsl:for-each select="$options/option">
        <label class="choice">
          <input type="checkbox" name="{$name}" value="{@code}">
            <xsl:if test="$f/v = current()/@code"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="@label"/>
        </label>
      </xsl:for-each>
      <xsl:call-template name="field-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    </fieldset>
  </xsl:template>
  <!-- Township and village (registration and enrolment). Without
       JavaScript, choosing the township narrows the villages through a
       round trip: the step button posts the form back with everything
       typed kept, and the page lists only that township's villages
       (places/@township). Before a township is chosen the villages come
       grouped by township. The server checks that the two agree. When
       the place list could not be read, the chosen ids ride along. -->
  <xsl:template name="places">
    <xsl:variable name="t" select="/page/form/field[@name='township']"/>
    <xsl:variable name="v" select="/page/form/field[@name='village']"/>
    <xsl:variable name="chosen" select="/page/places/@township"/>
    <xsl:choose>
      <xsl:when test="/page/places/township">
        <div class="field">
          <xsl:if test="$t/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
          <label for="township">所在乡镇</label>
          <select id="township" name="township">
            <option value="">请选择</option>
            <xsl:for-each select="/page/places/township">
              <option value="{@id}">
                <xsl:if test="@id = $t/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="@name"/>
              </option>
            </xsl:for-each>
          </select>
          <button type="submit" name="step" value="township">只列出这个乡镇的村（社区）</button>
          <xsl:call-template name="field-error"><xsl:with-param name="f" select="$t"/></xsl:call-template>
        </div>
        <div class="field">
          <xsl:if test="$v/@error"><xsl:attribute name="class">field invalid</xsl:attribute></xsl:if>
          <label for="village">所在村（社区）</label>
          <select id="village" name="village">
            <option value="">请选择</option>
            <xsl:choose>
              <xsl:when test="$chosen">
                <xsl:for-each select="/page/places/township[@id = $chosen]/village">
                  <xsl:call-template name="village-option"><xsl:with-param name="v" select="$v"/></xsl:call-template>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <xsl:for-each select="/page/places/township">
                  <optgroup label="{@name}">
                    <xsl:for-each select="village">
                      <xsl:call-template name="village-option"><xsl:with-param name="v" select="$v"/></xsl:call-template>
                    </xsl:for-each>
                  </optgroup>
                </xsl:for-each>
              </xsl:otherwise>
            </xsl:choose>
          </select>
          <xsl:call-template name="field-error"><xsl:with-param name="f" select="$v"/></xsl:call-template>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <input type="hidden" name="township" value="{$t/@value}"/>
        <input type="hidden" name="village" value="{$v/@value}"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="village-option">
    <xsl:param name="v"/>
    <option value="{@id}">
      <xsl:if test="@id = $v/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="@name"/>
    </option>
  </xsl:template>
</xsl:stylesheet>
