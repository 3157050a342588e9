using System.Net;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Jobs;

namespace SecrecyTraining.Web.Features.Notifications;

/// <summary>
/// Optional e-mail copies of inbox messages through the organisation's intranet mail server: <c>Notifications:Smtp:Host</c>
/// (empty = off, the default), <c>Port</c> (25), <c>From</c>, <c>EnableSsl</c>, <c>UserName</c>/<c>Password</c>. Only that
/// host is ever contacted. A message is claimed before it is sent, so a run twice (or on two nodes) mails it at most once; a
/// refused send is released for the next run. Messages older than a day are not mailed.
/// </summary>
public sealed class MailOutbox(AppDbContext db, IConfiguration configuration, TimeProvider clock, ILogger<MailOutbox> log) : IJob
{
    public const int BatchSize = 200;

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var smtp = configuration.GetSection("Notifications:Smtp");
        if (string.IsNullOrWhiteSpace(smtp["Host"]))
        {
            return "E-mail is off (Notifications:Smtp:Host is not set).";
        }

        var now = clock.GetUtcNow();
        var since = now.AddDays(-1);
        var pending = await (from n in db.Notifications.AsNoTracking()
                             join u in db.Users on n.UserId equals u.Id
                             where n.MailedAt == null && n.CreatedAt > since && u.Email != null && u.Email != ""
                             orderby n.Id
                             select new { n.Id, n.Title, n.Body, u.Email }).Take(BatchSize).ToListAsync(ct);
        using var client = new SmtpClient(smtp["Host"], smtp.GetValue("Port", 25))
        {
            EnableSsl = smtp.GetValue("EnableSsl", false),
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Credentials = string.IsNullOrEmpty(smtp["UserName"]) ? null : new NetworkCredential(smtp["UserName"], smtp["Password"]),
        };
        var from = smtp["From"] is { Length: > 0 } f ? f : "secrecy-training@localhost";
        int sent = 0, failed = 0;
        foreach (var message in pending)
        {
            ct.ThrowIfCancellationRequested();
            if (await db.Notifications.Where(n => n.Id == message.Id && n.MailedAt == null).ExecuteUpdateAsync(set => set.SetProperty(n => n.MailedAt, now), ct) == 0)
            {
                continue; // another run took it
            }

            try
            {
                using var mail = new MailMessage(from, message.Email!, message.Title, message.Body) { SubjectEncoding = System.Text.Encoding.UTF8, BodyEncoding = System.Text.Encoding.UTF8 };
                await client.SendMailAsync(mail, ct);
                sent++;
            }
            catch (SmtpException e)
            {
                log.LogWarning(e, "Mail for notification {Id} refused by {Host}", message.Id, smtp["Host"]);
                await db.Notifications.Where(n => n.Id == message.Id).ExecuteUpdateAsync(set => set.SetProperty(n => n.MailedAt, (DateTimeOffset?)null), CancellationToken.None);
                failed++;
            }
        }

        return $"{sent} e-mail(s) sent through {smtp["Host"]}; {failed} refused and kept for the next run.";
    }
}
