namespace SecrecyTraining.Web.Infrastructure.Localization;

/// <summary>
/// The one resource of UI strings. Keys are the zh-CN text (the default culture);
/// <c>SharedResource.en-US.resx</c> beside this file holds the English. A test fails when a key used in code or views lacks English.
/// </summary>
public sealed class SharedResource;

/// <summary>
/// Marks a zh-CN text that is shown later through the localizer (a message kept in TempData, a model property or a
/// result): it is a localization key, and LocalizationTests checks that it has an English translation.
/// </summary>
public static class Ui
{
    public static string Key(string zhCn) => zhCn;

    private static bool Chinese => System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    /// <summary>The colon after a label: full-width in Chinese ("工号："), ": " in English ("Employee number: ").</summary>
    public static string Colon => Chinese ? "：" : ": ";

    /// <summary>Between the items of a list: 、 in Chinese, ", " in English.</summary>
    public static string ListSeparator => Chinese ? "、" : ", ";

    public static string List(IEnumerable<string> items) => string.Join(ListSeparator, items);
}
