-- Issue 7, rule 5: a No to our consent request leaves the contact 'declined' (docs/decisions.md).
-- Must run after 20261202030000_message_lifecycle, which created the CHECK without it; hence this timestamp.
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_consent_state_check";
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_consent_state_check" CHECK ("consent_state" IN (
  'none', 'requested', 'granted', 'opted_out', 'declined'));
