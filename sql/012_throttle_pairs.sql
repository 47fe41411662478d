-- Sign-in failures are also counted per name typed from an address
-- ('login_pair', subject = "address name": up to 45 + 1 + 32 characters),
-- plain GET guesses of enrolment codes apart from posted ones
-- ('class_code_get'), and public form submissions per address and per class
-- ('register_addr', 'enrol_addr', 'enrol_class').
ALTER TABLE throttle MODIFY subject VARCHAR(100) NOT NULL;
