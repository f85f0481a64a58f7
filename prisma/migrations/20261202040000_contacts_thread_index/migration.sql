-- Every staff reply finds its contact by (channel, thread): an index, not a scan of all contacts.
CREATE INDEX "contacts_channel_id_thread_ts_idx" ON "contacts"("channel_id", "thread_ts");
