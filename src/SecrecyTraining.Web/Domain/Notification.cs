namespace SecrecyTraining.Web.Domain;

/// <summary>
/// A message in a user's in-app inbox. <see cref="Key"/> names the event it reports (e.g. <c>reminder:42:7</c>) and is
/// unique, so a job run twice — or two nodes running it at once — notifies once.
/// </summary>
public class Notification
{
    public int Id { get; init; }

    public required string UserId { get; init; }

    public required string Key { get; init; }

    public required string Title { get; init; }

    public string Body { get; init; } = "";

    /// <summary>Where the message leads (a page of the app), if anywhere.</summary>
    public string? Link { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>Set when the message was also sent by e-mail (SMTP configured and the user has an address).</summary>
    public DateTimeOffset? MailedAt { get; set; }
}
