<?xml version="1.0" encoding="UTF-8"?>
<!-- The one stylesheet the responders compile at start-up: the layout,
     the shared form parts, and each page family's templates. User text
     arrives as XML text and attributes and is escaped on output; nothing
     here may use disable-output-escaping. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="layout.xsl"/>
  <xsl:include href="forms.xsl"/>
  <xsl:include href="home.xsl"/>
  <xsl:include href="volunteer.xsl"/>
  <xsl:include href="staff.xsl"/>
  <xsl:include href="services.xsl"/>
  <xsl:include href="admin.xsl"/>
  <xsl:include href="classes.xsl"/>
  <xsl:include href="figures.xsl"/>
  <xsl:include href="certificate.xsl"/>
</xsl:stylesheet>
