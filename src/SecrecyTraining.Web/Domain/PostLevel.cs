namespace SecrecyTraining.Web.Domain;

/// <summary>The secrecy level of a classified post and of the people on it (保密法 第四十二条: 核心、重要、一般).</summary>
public enum PostLevel
{
    Core = 1,
    Important = 2,
    General = 3,
}

public static class PostLevelNames
{
    /// <summary>The level's name in the law (核心/重要/一般); also the localization key of its label.</summary>
    public static string ChineseName(this PostLevel level) => level switch
    {
        PostLevel.Core => "核心",
        PostLevel.Important => "重要",
        PostLevel.General => "一般",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };
}
