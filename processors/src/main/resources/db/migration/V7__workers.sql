-- Workers on many machines (PostgreSQL; the embedded HSQLDB runs one worker process at a time, the same way).

-- work_queue: a claimed row carries its worker and a lease (epoch ms, the database's clock). The worker renews
-- the lease while it works and deletes the row in the transaction that records the track's outcome; a row whose
-- lease ended (its worker died) is handed out again. The queue is rebuilt only when no worker is alive.
ALTER TABLE work_queue ADD COLUMN claimed_by VARCHAR(200);
ALTER TABLE work_queue ADD COLUMN lease_until BIGINT;

-- process_workers: every process run, live or ended, with its counters (written with each lease renewal).
-- state: working, finished (the queue was empty), stopped (SIGTERM, a run of failures, the catalogue away).
-- A worker whose state is still 'working' but whose heartbeat is older than its lease died without ending:
-- the next run that prepares the queue re-reads what it wrote since it started.
CREATE TABLE process_workers (
  worker_id VARCHAR(200) NOT NULL PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  pid BIGINT NOT NULL,
  threads INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  lease_millis BIGINT NOT NULL,
  state VARCHAR(20) NOT NULL,
  tracks_done BIGINT NOT NULL,
  tracks_failed BIGINT NOT NULL,
  bytes_written BIGINT NOT NULL,
  ended_at BIGINT,
  reason VARCHAR(4000)
);

-- lock_holders: who holds a catalogue-wide lock (PostgreSQL advisory locks), so that a command refused names
-- the holder: host, pid, command, since. A row counts only while its session holds the lock.
CREATE TABLE lock_holders (
  session_id BIGINT NOT NULL,
  lock_name VARCHAR(100) NOT NULL,
  holder VARCHAR(1000) NOT NULL,
  PRIMARY KEY (session_id, lock_name)
);

-- followers_log10: log10(n) as Java computes it, for the followers counts (n = followers + 1, at most 10^8) the
-- catalogue's artists have. PostgreSQL's own log10 differs from Java's in the last bit for some n, and both
-- engines must plan the same bits (CatalogDialect.followersLog10). Filled by the import; HSQLDB leaves it empty.
CREATE TABLE followers_log10 (
  n BIGINT NOT NULL PRIMARY KEY,
  log10 DOUBLE PRECISION NOT NULL
);

-- originals: paths are now relative to the --originals folder, so that each machine may mount it where it likes.
-- The table is refreshed by every run that prepares the queue.
DELETE FROM originals;
