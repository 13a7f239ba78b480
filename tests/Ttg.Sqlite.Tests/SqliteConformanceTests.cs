using Ttg.Conformance;
using Ttg.WorkQueue;

namespace Ttg.Sqlite.Tests;

/// <summary>The SQLite backend against the shared conformance suite; one store file per test class.</summary>
public sealed class SqliteConformanceTests : WorkQueueConformance, IClassFixture<TempStore>
{
    private readonly string _path;

    public SqliteConformanceTests(TempStore store)
    {
        _path = store.PathOf("conformance.db");
    }

    protected override Task<ITtgBackend> CreateBackendAsync() => SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = _path });

    protected override Task<ITtgBackend> OpenSecondClientAsync() => SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = _path });
}
