namespace SecrecyTraining.Web.Infrastructure.Localization;

/// <summary>
/// The one resource of UI strings. Keys are the zh-CN text (the default culture);
/// <c>SharedResource.en-US.resx</c> beside this file holds the English. A test fails when a key used in code or views lacks English.
/// </summary>
public sealed class SharedResource;
