using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>One stored chunk decoded: its outcomes in index order and, for a space with named parameters, their values.</summary>
internal readonly record struct DecodedChunk(ParameterOutcome[] Outcomes, IParameterSource? Source)
{
    public static DecodedChunk Of(JobPlan plan, StoredChunk chunk) =>
        new([.. ResultCodec.Decode(chunk)], plan.Space.Names.Count > 0 ? plan.Space.SourceFor(chunk.Start, chunk.Payload) : null);
}
