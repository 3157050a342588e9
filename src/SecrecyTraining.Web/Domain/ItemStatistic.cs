namespace SecrecyTraining.Web.Domain;

/// <summary>
/// Item analysis of one question (version) over the graded answers of formal and practice exams, computed nightly by the
/// item-statistics job: facility (share answered right), discrimination (point-biserial correlation between answering it
/// right and the rest of the attempt's score), each option's choice rate, and the resulting flags.
/// </summary>
public class ItemStatistic
{
    public int QuestionId { get; init; }

    public int Responses { get; init; }

    public decimal Facility { get; init; }

    /// <summary>Null when it cannot be computed (everyone right, everyone wrong, or no spread in the rest scores).</summary>
    public decimal? Discrimination { get; init; }

    /// <summary>Share of responses choosing each option (authored order); a multiple-choice row may add up to more than 1.</summary>
    public IReadOnlyList<decimal> OptionRates { get; init; } = [];

    /// <summary>Comma-separated <see cref="ItemWarning"/> names.</summary>
    public string Flags { get; init; } = "";

    public DateTimeOffset ComputedAt { get; init; }

    public IEnumerable<ItemWarning> FlagList => Flags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ItemWarning>);
}

public enum ItemWarning
{
    TooEasy,
    TooHard,
    NegativeDiscrimination,
    UnusedDistractor,
}

public static class ItemWarningNames
{
    /// <summary>The flag as shown (also the localization key).</summary>
    public static string ChineseName(ItemWarning flag) => flag switch
    {
        ItemWarning.TooEasy => "过易（正确率 > 95%）",
        ItemWarning.TooHard => "过难（正确率 < 20%）",
        ItemWarning.NegativeDiscrimination => "区分度为负",
        ItemWarning.UnusedDistractor => "干扰项无人选择",
        _ => flag.ToString(),
    };
}
