using Ttg.Jobs;

namespace Ttg.Core.Tests.Jobs;

/// <summary>The engine's messages name spec fields; a front end renders them as its users set them.</summary>
public sealed class JobSpecExceptionTests
{
    [Fact]
    public void Message_NamesFieldsAsSpecFilesSpellThem_AndRender_AsTheFrontEndNamesThem()
    {
        var ex = Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "c", Params = 10, ChunkSize = -1 }));

        Assert.Equal("chunkSize must be at least 1 (got -1); pass chunkSize: 100, or chunkSize: auto (the default) or leave it out", ex.Message);
        Assert.Equal("<chunkSize> must be at least 1 (got -1); pass <chunkSize>=100, or <chunkSize>=auto (the default) or leave it out", ex.Render(new Angled()));
    }

    [Fact]
    public void EveryEngineMessage_NamesNoFlag()
    {
        JobSpec[] bad =
        [
            new() { Params = 10 },
            new() { Computation = "c" },
            new() { Computation = "c", Params = 1, Grid = "x=0..1", Input = "p.csv" },
            new() { Computation = "c", Params = 1, Sample = "lhs:5" },
            new() { Computation = "c", Grid = "x=0:1:2", Seed = 3 },
            new() { Computation = "c", Params = 1, MaxAttempts = 0 },
            new() { Computation = "c", Params = 1, Lease = TimeSpan.Zero },
            new() { Computation = "c", Params = 1, Timeout = TimeSpan.Zero },
            new() { Computation = "c", Params = 1, AsyncConcurrency = 0 },
            new() { Computation = "c", Params = 1, Deadline = TimeSpan.Zero },
            new() { Computation = "c", Params = 0 },
            new() { Computation = "c", Params = 1, Arguments = new Dictionary<string, string> { ["a b"] = "1" } },
            new() { Computation = "c", Grid = "" },
            new() { Computation = "c", Grid = "x=0:1" },
            new() { Computation = "c", Grid = "x=-1:1:3:log" },
            new() { Computation = "c", Grid = "x=0:1", Sample = "sobol" },
            new() { Computation = "c", Grid = "x=0:1", Sample = "lhs:5", Seed = -1 },
        ];

        foreach (var spec in bad)
        {
            var message = Assert.Throws<JobSpecException>(() => JobPlan.Create(spec)).Message;
            Assert.DoesNotMatch("--[a-z]", message);
        }
    }

    private sealed class Angled : ISpecFieldNames
    {
        public string NameOf(SpecField field) => $"<{field.Name}>";

        public string SettingOf(SpecSetting setting) => $"<{setting.Field.Name}>={setting.Value}";
    }
}
