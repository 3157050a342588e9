namespace SecrecyTraining.Tests.Support;

/// <summary>The real time, moved forward by the test when it needs a deadline to pass.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;

    public void Reset() => offset = TimeSpan.Zero;
}
