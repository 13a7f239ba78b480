using Ttg.Core.Tests;
using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.Spaces.Sampling;

namespace Ttg.Data.Tests.Jobs;

public sealed class JobSpecFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Yaml_LoadsEveryField_AndResolvesInputAgainstTheSpecFolder()
    {
        var path = _dir.File("job.yaml", """
            name: my job
            computation: simulate
            input: data/params.csv
            chunkSize: 50
            maxAttempts: 5
            lease: 2m
            timeout: 30s
            arguments:
              work-ms: 3
              fail-on: [17, 42]
            """);

        var spec = JobSpecFile.Load(path);

        Assert.Equal("my job", spec.Name);
        Assert.Equal("simulate", spec.Computation);
        Assert.Equal(Path.Combine(_dir.Path, "data", "params.csv"), spec.Input);
        Assert.Equal(50, spec.ChunkSize);
        Assert.Equal(5, spec.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(2), spec.Lease);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Timeout);
        Assert.Equal("3", spec.Arguments["work-ms"]);
        Assert.Equal("17,42", spec.Arguments["fail-on"]);
    }

    [Fact]
    public void Yaml_AcceptsGridAsStringOrMap()
    {
        var asString = JobSpecFile.Load(_dir.File("a.yaml", "computation: rosenbrock\ngrid: \"x=-2:2:401,y=-1:3:401\"\n"));
        var asMap = JobSpecFile.Load(_dir.File("b.yml", "computation: rosenbrock\ngrid:\n  x: -2:2:401\n  k: [1, 2, 5]\n"));

        Assert.Equal("x=-2:2:401,y=-1:3:401", asString.Grid);
        Assert.Equal("x=-2:2:401,k=[1,2,5]", asMap.Grid);
    }

    [Fact]
    public void Json_LoadsTheSameFields()
    {
        var path = _dir.File("job.json", """
            { "computation": "square", "params": 1000, "chunkSize": 10, "lease": 30, "arguments": { "fail-on": "3", "work-ms": 0.5 } }
            """);

        var spec = JobSpecFile.Load(path);

        Assert.Equal("square", spec.Computation);
        Assert.Equal(1000, spec.Params);
        Assert.Equal(10, spec.ChunkSize);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Lease);
        Assert.Equal("0.5", spec.Arguments["work-ms"]);
    }

    [Fact]
    public void ChunkSizeAuto_AndADeadline_AreRead_AndStoredWithTheJob()
    {
        var spec = JobSpecFile.Load(_dir.File("job.yaml", "computation: square\nparams: 10\nchunkSize: auto\ndeadline: 2h\n"));
        var stored = JobPlan.Create(spec).ToStoredJson();

        Assert.Equal(JobSpec.AutoChunkSize, spec.ChunkSize);
        Assert.Equal(TimeSpan.FromHours(2), spec.Deadline);
        Assert.Equal(TimeSpan.FromHours(2), JobDeadline.Read(stored));
        Assert.Equal(TimeSpan.FromHours(2), JobPlan.FromStoredJson(stored).Spec.Deadline);
    }

    [Fact]
    public void SpeculateOff_IsRead_AndStoredWithTheJob_AndAnythingElseIsRefused()
    {
        var spec = JobSpecFile.Load(_dir.File("job.yaml", "computation: square\nparams: 10\nspeculate: off\n"));

        Assert.False(spec.Speculate);
        Assert.False(JobPlan.FromStoredJson(JobPlan.Create(spec).ToStoredJson()).Spec.Speculate);
        Assert.True(JobPlan.FromStoredJson(JobPlan.Create(spec with { Speculate = true }).ToStoredJson()).Spec.Speculate);
        var error = Assert.Throws<JobSpecException>(() => JobSpecFile.Load(_dir.File("bad.yaml", "computation: square\nparams: 10\nspeculate: sometimes\n")));
        Assert.Contains("field 'speculate' is 'sometimes', not on or off", error.Message);
    }

    [Fact]
    public void AbsentFields_KeepDefaults_SoFlagsCanOverride()
    {
        var spec = JobSpecFile.Load(_dir.File("job.yaml", "computation: square\nparams: 10\n"));

        Assert.Equal(JobSpec.DefaultChunkSize, spec.ChunkSize);
        Assert.Equal(JobSpec.DefaultMaxAttempts, spec.MaxAttempts);
        Assert.Equal(JobSpec.DefaultLease, spec.Lease);
        Assert.Null(spec.Name);
        Assert.Empty(spec.Arguments);

        var overridden = spec with { ChunkSize = 7, Params = 20 };
        var plan = JobPlan.Create(overridden);
        Assert.Equal(3, plan.ChunkCount);
    }

    [Theory]
    [InlineData("job.yaml", "computation: square\nchunksize: abc\n", "field 'chunkSize' is 'abc', not a whole number from 1 to 9223372036854775807; write chunkSize: 100")]
    [InlineData("job.yaml", "computation: square\nbogus: 1\n", "unknown field 'bogus'; known fields are")]
    [InlineData("job.yaml", "computation: square\nlease: soon\n", "field 'lease' is 'soon', not a duration")]
    [InlineData("job.yaml", "computation: square\ntimeout: never\n", "field 'timeout' is 'never', not a duration from 0 to 1 day; write timeout: 30")]
    [InlineData("job.yaml", "computation: [a, b]\n", "field 'computation' must be a single value")]
    [InlineData("job.yaml", "arguments: 5\n", "field 'arguments' must be a map")]
    [InlineData("job.yaml", "- a\n- b\n", "must hold a map of fields")]
    [InlineData("job.yaml", "computation: [unclosed\n", "is not valid YAML")]
    [InlineData("job.json", "{ \"params\": ", "is not valid JSON")]
    [InlineData("job.toml", "x = 1", "use a .yaml, .yml or .json file")]
    public void Load_RejectsBadFiles_NamingFileFieldAndFix(string name, string content, string expected)
    {
        var path = _dir.File(name, content);

        var ex = Assert.Throws<JobSpecException>(() => JobSpecFile.Load(path));

        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_RejectsMissingFile()
    {
        var ex = Assert.Throws<JobSpecException>(() => JobSpecFile.Load(Path.Combine(_dir.Path, "none.yaml")));

        Assert.Contains("does not exist", ex.Message);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("2.5", 2.5)]
    [InlineData("30s", 30)]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    public void DurationText_ReadsSecondsAndUnits(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3s")]
    [InlineData("5d")]
    public void DurationText_RejectsOtherText(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void SpecFile_ReadsSampleAndSeed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ttg-sample-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "computation: c\ngrid: { x: '-2:2', y: '-1:3' }\nsample: sobol:1024\nseed: 7\n");
        try
        {
            var plan = JobPlan.Create(JobSpecFile.Load(path));

            var space = Assert.IsType<SampledSpace>(plan.Space);
            Assert.Equal((SampleKind.Sobol, 1024L, 7L), (space.Kind, space.Count, space.Seed));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
