namespace SecrecyTraining.Web.Infrastructure;

/// <summary>
/// A clock that can be set back and brought forward again: the Development demo's year of history is made by the
/// application's own services at the times it happened (<see cref="Data.DemoHistory"/>), then the clock is put back to
/// the real time. The test clock is one as well.
/// </summary>
public interface ITravellingClock
{
    /// <summary>How far the clock reads from the real time.</summary>
    TimeSpan Offset { get; set; }
}

/// <summary>The system clock plus <see cref="Offset"/>; registered only in Development with <c>Demo:Seed</c>.</summary>
public sealed class TravellingClock : TimeProvider, ITravellingClock
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
