using Microsoft.Data.Sqlite;

namespace Ttg.Sqlite.Tests;

/// <summary>
/// Writes a store exactly as an older TTG left it, so upgrades are tested against the real old layout: schema 2
/// (worker sessions) or 1 (before them), holding job "old" of two chunks, the first leased to worker "w".
/// </summary>
internal static class OlderStore
{
    private const string Version2Tables = """
        CREATE TABLE ttg_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE jobs(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, computation TEXT NOT NULL,
            total_parameters INTEGER NOT NULL, chunk_count INTEGER NOT NULL, lease_ms INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
            spec_json TEXT NOT NULL, created_ms INTEGER NOT NULL, state INTEGER NOT NULL, finished_ms INTEGER,
            pending_chunks INTEGER NOT NULL, leased_chunks INTEGER NOT NULL DEFAULT 0, completed_chunks INTEGER NOT NULL DEFAULT 0,
            succeeded INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, reclaimed INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE chunks(
            id INTEGER PRIMARY KEY AUTOINCREMENT, job_seq INTEGER NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL,
            state INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, worker_id TEXT, token INTEGER, due_ms INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX chunks_due ON chunks(job_seq, due_ms) WHERE state < 2;
        CREATE INDEX chunks_job ON chunks(job_seq);
        CREATE TABLE payloads(chunk_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE results(chunk_id INTEGER PRIMARY KEY, job_seq INTEGER NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE INDEX results_job ON results(job_seq, start);
        CREATE TABLE worker_counts(job_seq INTEGER NOT NULL, worker_id TEXT NOT NULL, parameters INTEGER NOT NULL, PRIMARY KEY(job_seq, worker_id)) WITHOUT ROWID;
        """;

    private const string Sessions = "CREATE TABLE sessions(worker_id TEXT PRIMARY KEY, alive_until_ms INTEGER NOT NULL) WITHOUT ROWID;";

    public static void Write(string path, int version)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        var farFuture = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        command.CommandText = Version2Tables + (version >= 2 ? Sessions : "") + $"""
            INSERT INTO ttg_meta(key, value) VALUES ('magic', 'ttg-store'), ('schema', '{version}');
            INSERT INTO jobs(job_id, name, computation, total_parameters, chunk_count, lease_ms, max_attempts, spec_json, created_ms, state, pending_chunks, leased_chunks)
                VALUES ('old', 'old', 'test', 20, 2, 30000, 3, '{"{}"}', 0, 0, 1, 1);
            INSERT INTO chunks(job_seq, start, count, state, attempts, worker_id, token, due_ms) VALUES (1, 0, 10, 1, 1, 'w', 42, {farFuture});
            INSERT INTO chunks(job_seq, start, count, state) VALUES (1, 10, 10, 0);
            PRAGMA journal_mode = WAL;
            PRAGMA user_version = {version};
            """;
        command.ExecuteNonQuery();
    }
}
