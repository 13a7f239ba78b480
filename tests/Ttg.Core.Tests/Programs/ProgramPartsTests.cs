using Ttg.Jobs;
using Ttg.Programs;
using Ttg.Spaces;

namespace Ttg.Core.Tests.Programs;

/// <summary>The pure parts of --command and --serve: templates, quoting, answers, spec rules.</summary>
public sealed class ProgramPartsTests
{
    [Fact]
    public void Placeholders_AreFilledShellQuoted_AndShellBracesAreLeftAlone()
    {
        var space = GridSpace.Parse("x=[0.5],label=[it's]");
        var template = CommandTemplate.Parse("sim --x {x} --label {label} --i {index} --home ${HOME} -c '{\"a\": 1}'", space.Names);

        var line = template.Fill(new Parameter(0, space.SourceFor(0, null)));

        Assert.Equal("sim --x '0.5' --label 'it'\\''s' --i '0' --home ${HOME} -c '{\"a\": 1}'", line);
    }

    [Fact]
    public void APlaceholderNamingNoParameter_IsRefused_WithTheNamesItCouldUse()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandTemplate.Parse("sim {z}", ["x", "y"]));

        Assert.Contains("{z}", error.Message);
        Assert.Contains("{x}, {y}, {index}", error.Message);
    }

    [Fact]
    public void VariableNames_AreUpperCased_WithOtherCharactersAsUnderscores() =>
        Assert.Equal("TTG_PARAM_LEARNING_RATE2", CommandComputation.VariableName("learning-rate2"));

    [Theory]
    [InlineData("{\"index\": 4, \"result\": 2.5}", 4L, 2.5)]
    [InlineData("{\"result\": 7, \"index\": 9, \"extra\": [1]}", 9L, 7.0)]
    public void AnAnswer_IsMatchedByItsIndex(string line, long index, double result)
    {
        var answer = ServeMessages.ReadAnswer(System.Text.Encoding.UTF8.GetBytes(line));

        Assert.Equal(index, answer.Index);
        Assert.Equal(result, answer.Result.Scalar.AsDouble());
        Assert.Null(answer.Broken);
    }

    [Fact]
    public void ARecordAnswer_AndAnErrorAnswer_AndALineThatIsNoAnswer_AreToldApart()
    {
        var record = ServeMessages.ReadAnswer("{\"index\":1,\"result\":{\"loss\":0.5,\"ok\":true}}"u8);
        var error = ServeMessages.ReadAnswer("{\"index\":2,\"error\":\"ValueError: no\"}"u8);
        var nested = ServeMessages.ReadAnswer("{\"index\":3,\"result\":{\"a\":{\"b\":1}}}"u8);
        var garbage = ServeMessages.ReadAnswer("hello from print()"u8);

        Assert.Equal(0.5, record.Result["loss"].AsDouble());
        Assert.True(record.Result["ok"].AsBoolean());
        Assert.Equal("ValueError: no", error.Error);
        Assert.Contains("flat", nested.Invalid);
        Assert.Contains("hello from print()", garbage.Broken);
    }

    [Fact]
    public void ASpecWithCommand_RunsTheReservedComputation_AndCarriesItsLineToTheWorkers()
    {
        var plan = JobPlan.Create(new JobSpec { Command = "python3 sim.py {index}", Params = 10 });
        var stored = JobPlan.FromStoredJson(plan.ToStoredJson());

        Assert.Equal(ProgramComputations.CommandName, stored.Spec.Computation);
        Assert.Equal("python3 sim.py {index}", stored.Arguments.Get(ProgramComputations.CommandName));
        Assert.Equal(1, ProgramComputations.AsyncConcurrencyOf(stored.Spec));
    }

    [Theory]
    [InlineData("square", "python3 a.py", null, "Computation 'square' and command both given")]
    [InlineData(null, "python3 a.py", "python3 b.py", "Both command and serve given")]
    [InlineData(null, " ", null, "command is empty; pass the program to run, for example command: 'python3 model.py'")]
    public void ConflictingOrEmptyPrograms_AreOneLineOfBadInput(string? computation, string? command, string? serve, string expected)
    {
        var error = Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = computation, Command = command, Serve = serve, Params = 10 }));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("--", error.Message); // the engine names spec fields; the ttg command renders its flags
    }

    [Fact]
    public async Task AMissingProgram_IsAWorkerFault_NotTheParameters()
    {
        var registry = new ComputationRegistry().AddPrograms();
        registry.TryGet(ProgramComputations.CommandName, out var descriptor);
        var compute = descriptor.Create(new ComputationContext("job", new JobArguments([new("command", "no-such-program-ttg --x 1")]), []));

        var fault = await Assert.ThrowsAsync<WorkerFaultException>(() => compute(new Parameter(0, null), CancellationToken.None).AsTask());

        Assert.Contains("cannot run on this worker", fault.Message);
        Assert.Contains("127", fault.Message);
    }
}
