namespace SecrecyTraining.Tests.Support;

/// <summary>The real time, moved forward by the test when it needs a deadline to pass (and back by the demo's history).</summary>
public sealed class TestClock : TimeProvider, Web.Infrastructure.ITravellingClock
{
    private TimeSpan offset;

    /// <summary>Called on every reading of the clock: lets a test act at a precise point of a job's work.</summary>
    public Action? OnRead { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        OnRead?.Invoke();
        return base.GetUtcNow() + offset;
    }

    public TimeSpan Offset { get => offset; set => offset = value; }

    public void Advance(TimeSpan by) => offset += by;

    public void Reset()
    {
        offset = TimeSpan.Zero;
        OnRead = null;
    }
}
