-- A station's telephone, shown with its address to the volunteers it
-- serves (the look-up), so that they know where to go and whom to call.
-- Empty when not known; the page then shows only what is.
ALTER TABLE station
  ADD COLUMN phone VARCHAR(20) NOT NULL DEFAULT '' AFTER address;
