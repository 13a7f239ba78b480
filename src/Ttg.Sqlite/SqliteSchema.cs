namespace Ttg.Sqlite;

/// <summary>The store's tables. Bump <see cref="Version"/> (and migrate) whenever they change.</summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code reads and writes, kept in PRAGMA user_version and the meta table.</summary>
    public const int Version = 7;

    /// <summary>Marks a file as a TTG store, so a foreign SQLite file is never mistaken for one.</summary>
    public const string Magic = "ttg-store";

    // Chunk rows stay small (payloads and results live in their own tables) because every lease and
    // completion rewrites the chunk row. chunks_due serves leasing: it holds only pending and leased chunks,
    // ordered by when they become takeable (retry delay or lease expiry), so a lease scan never walks over
    // completed work or live leases; state leads the key so expired leases (state 1) are found before the
    // never-leased backlog (state 0) in two short range scans. AUTOINCREMENT keeps chunk ids from being reused after a delete, so a
    // zombie's lease can never match a later chunk. Per-state chunk counts live on the job row (changed in the
    // same transaction as the chunks), so no index has to follow every state change of a chunk.
    public const string Create = """
        CREATE TABLE ttg_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE jobs(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            computation TEXT NOT NULL,
            total_parameters INTEGER NOT NULL,
            chunk_count INTEGER NOT NULL,
            lease_ms INTEGER NOT NULL,
            max_attempts INTEGER NOT NULL,
            spec_json TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            state INTEGER NOT NULL,
            finished_ms INTEGER,
            pending_chunks INTEGER NOT NULL,
            leased_chunks INTEGER NOT NULL DEFAULT 0,
            completed_chunks INTEGER NOT NULL DEFAULT 0,
            succeeded INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            reclaimed INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE chunks(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            count INTEGER NOT NULL,
            state INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            worker_id TEXT,
            token INTEGER,
            due_ms INTEGER NOT NULL DEFAULT 0,
            started INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX chunks_open ON chunks(job_seq, state, due_ms) WHERE state < 2;
        CREATE INDEX chunks_job ON chunks(job_seq);
        CREATE TABLE payloads(chunk_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE results(
            chunk_id INTEGER PRIMARY KEY,
            job_seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            count INTEGER NOT NULL,
            data BLOB NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX results_job ON results(job_seq, start);
        CREATE TABLE worker_counts(
            job_seq INTEGER NOT NULL,
            worker_id TEXT NOT NULL,
            parameters INTEGER NOT NULL,
            PRIMARY KEY(job_seq, worker_id)) WITHOUT ROWID;
        """ + Sessions + JobWorkers + Pace + Speculation + LostHolders;

    // Version 2 added worker sessions: one row per worker that leases with a liveness timeout, so a worker that
    // falls silent loses its chunks after that timeout rather than after each lease.
    private const string Sessions = """
        CREATE TABLE IF NOT EXISTS sessions(worker_id TEXT PRIMARY KEY, alive_until_ms INTEGER NOT NULL) WITHOUT ROWID;
        """;

    // Version 3: a lease records whether computing began (started = 0 for a queued, prefetched chunk, whose
    // attempt is given back when its holder dies); the open-chunk index leads with state so freed leases are
    // taken before the backlog; job_workers keeps, per job, who was heard from, their host and fault note.
    // Chunks leased before the upgrade count as started, as they did.
    private const string JobWorkers = """
        CREATE TABLE IF NOT EXISTS job_workers(
            job_seq INTEGER NOT NULL,
            worker_id TEXT NOT NULL,
            host TEXT,
            seen_ms INTEGER NOT NULL,
            fault TEXT,
            fault_ms INTEGER,
            PRIMARY KEY(job_seq, worker_id)) WITHOUT ROWID;
        """;

    private const string Version3 = """
        ALTER TABLE chunks ADD COLUMN started INTEGER NOT NULL DEFAULT 1;
        DROP INDEX IF EXISTS chunks_due;
        CREATE INDEX chunks_open ON chunks(job_seq, state, due_ms) WHERE state < 2;
        """ + JobWorkers;

    // Version 4: how many of a completed chunk's parameters were recorded as failed, so `ttg retry` finds them
    // without decoding results. Rows stored before the upgrade count 0: their failures are not re-queued.
    private const string Version4 = "ALTER TABLE results ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;";

    // Version 5 added the pace log: one row per completion batch and worker (store time, parameters), kept for
    // JobPace.Horizon, so every reader derives the same smoothed rate from the store rather than from its polls.
    private const string Pace = """
        CREATE TABLE IF NOT EXISTS pace(job_seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, worker_id TEXT NOT NULL, parameters INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS pace_job ON pace(job_seq, at_ms);
        """;

    // Version 6 added speculative copies: when a started chunk began computing (started_ms, 0 when unknown), the
    // token and worker of its copy, and per job how many copies were leased, won and wasted, and the parameters
    // they covered (the extra-work budget). Chunks leased before the upgrade have no start time and are not copied.
    private const string Speculation = """
        ALTER TABLE chunks ADD COLUMN started_ms INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chunks ADD COLUMN copy_token INTEGER;
        ALTER TABLE chunks ADD COLUMN copy_worker TEXT;
        ALTER TABLE jobs ADD COLUMN copies INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN copies_won INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN copies_wasted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN copied_parameters INTEGER NOT NULL DEFAULT 0;
        """;

    // Version 7: whether an earlier holder of the chunk (or of the chunk it was split or shrunk from) was lost while
    // computing it; such a chunk is computed alone, and only a loss that can be pinned on a chunk spends its attempt.
    private const string LostHolders = "ALTER TABLE chunks ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;";

    /// <summary>Brings a store of an older schema version up to <see cref="Version"/>; run inside a write transaction.</summary>
    public static string MigrateFrom(long version)
    {
        var steps = version switch
        {
            1 => Sessions + Version3 + Version4 + Pace + Speculation + LostHolders,
            2 => Version3 + Version4 + Pace + Speculation + LostHolders,
            3 => Version4 + Pace + Speculation + LostHolders,
            4 => Pace + Speculation + LostHolders,
            5 => Speculation + LostHolders,
            6 => LostHolders,
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "no migration from this schema version"),
        };
        return steps + $"UPDATE ttg_meta SET value = '{Version}' WHERE key = 'schema'; PRAGMA user_version = {Version};";
    }
}
