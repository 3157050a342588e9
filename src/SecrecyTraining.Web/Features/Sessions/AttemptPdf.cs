using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>One question as printed: its options in the attempt's order, and (in an archive) what was answered and earned.</summary>
public sealed record PaperQuestion(int Position, QuestionType Type, string Stem, IReadOnlyList<string> Options, decimal Points, string? Answer = null, decimal? Awarded = null);

/// <summary>What an archived attempt records besides its paper: times, result, 切屏 events.</summary>
public sealed record ArchiveFacts(
    DateTimeOffset StartedAt, DateTimeOffset SubmittedAt, string Closed, decimal Score, decimal MaxScore, bool Passed, int PassMarkPercent,
    bool OnPaper, IReadOnlyList<(DateTimeOffset At, string Kind)> FocusEvents);

/// <summary>An attempt's paper: who sits it, the QR code of its key-in page, its questions; <see cref="Archive"/> for the archive copy.</summary>
public sealed record PaperSheet(
    string Organisation, string Title, string ExamTitle, string Name, string EmployeeNumber, string Department, int AttemptId, string QrText,
    IReadOnlyList<PaperQuestion> Questions, ArchiveFacts? Archive = null);

/// <summary>
/// Prints attempts as A4 Chinese PDFs: the paper of a session's examinee (試卷 and 答题卡, for the paper fallback) and the
/// archive copy of a finalized attempt (the paper with the answers, the score, the times and the 切屏 events).
/// </summary>
public static class AttemptPdf
{
    private const double Margin = 48;

    public static string Letter(int index) => ((char)('A' + index)).ToString();

    /// <summary>Each sheet's paper followed by its answer sheet (unless archived), one document.</summary>
    public static byte[] Render(IEnumerable<PaperSheet> sheets, string title)
    {
        CertificatePdf.EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "SecrecyTraining";
        document.Options.CompressContentStreams = false; // see CertificatePdf: PDFsharp's Flate output fails qpdf --check
        foreach (var sheet in sheets)
        {
            new Writer(document, sheet).Paper();
            if (sheet.Archive is null)
            {
                new Writer(document, sheet).AnswerSheet();
            }
        }

        if (document.PageCount == 0)
        {
            throw new InvalidOperationException("No attempt to print.");
        }

        using var buffer = new MemoryStream();
        document.Save(buffer, closeStream: false);
        return buffer.ToArray();
    }

    private sealed class Writer(PdfDocument document, PaperSheet sheet)
    {
        private readonly XFont body = CertificatePdf.Font(10.5);
        private readonly XFont bold = CertificatePdf.Font(10.5, bold: true);
        private readonly XFont small = CertificatePdf.Font(8.5);
        private XGraphics? gfx;
        private PdfPage? page;
        private double y;

        private double Width => page!.Width.Point - (2 * Margin);

        private void NewPage(string heading)
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            gfx.DrawString(sheet.Organisation + " · " + heading, CertificatePdf.Font(15, bold: true), XBrushes.Black,
                new XRect(Margin, 36, Width - 80, 22), XStringFormats.TopLeft);
            gfx.DrawString(sheet.Title, body, XBrushes.Black, new XRect(Margin, 60, Width - 80, 16), XStringFormats.TopLeft);
            gfx.DrawString($"姓名：{sheet.Name}    工号：{sheet.EmployeeNumber}    处室：{sheet.Department}    答卷编号：{sheet.AttemptId}",
                bold, XBrushes.Black, new XRect(Margin, 80, Width - 80, 16), XStringFormats.TopLeft);
            CertificatePdf.DrawQr(gfx, sheet.QrText, page.Width.Point - Margin - 64, 28, 64);
            gfx.DrawLine(XPens.Gray, Margin, 102, page.Width.Point - Margin, 102);
            y = 112;
        }

        private void Line(string text, XFont font, double indent = 0)
        {
            foreach (var part in Wrap(text, font, Width - indent))
            {
                if (y > page!.Height.Point - Margin)
                {
                    NewPage(sheet.Archive is null ? "试卷（续）" : "考试存档（续）");
                }

                gfx!.DrawString(part, font, XBrushes.Black, Margin + indent, y + font.Size);
                y += font.Size * 1.5;
            }
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var line = "";
                foreach (var ch in paragraph)
                {
                    if (line.Length > 0 && gfx!.MeasureString(line + ch, font).Width > width)
                    {
                        yield return line;
                        line = "";
                    }

                    line += ch;
                }

                yield return line;
            }
        }

        public void Paper()
        {
            NewPage(sheet.Archive is null ? "试卷" : "考试存档");
            if (sheet.Archive is { } a)
            {
                Line($"{sheet.ExamTitle}    {(a.OnPaper ? "纸质作答，保密办录入" : "在线作答")}", body);
                Line($"开始：{LocalTime.Format(a.StartedAt)}    交卷：{LocalTime.Format(a.SubmittedAt)}（{a.Closed}）", body);
                Line($"成绩：{a.Score:0.##} / {a.MaxScore:0.##}    及格线 {a.PassMarkPercent}%    {(a.Passed ? "合格" : "不合格")}", bold);
                Line(a.FocusEvents.Count == 0
                    ? "离开考试页面：0 次"
                    : $"离开考试页面：{a.FocusEvents.Count} 次（{string.Join("、", a.FocusEvents.Select(e => $"{LocalTime.Format(e.At)[11..]} {(e.Kind == "blur" ? "切换窗口" : "切换标签页")}"))}）", body);
            }
            else
            {
                Line($"{sheet.ExamTitle}。请在答题卡上作答；单选、判断填一个字母，多选填全部正确的字母。", body);
            }

            y += 6;
            foreach (var q in sheet.Questions)
            {
                var kind = q.Type switch
                {
                    QuestionType.Single => "单选",
                    QuestionType.Multiple => "多选",
                    QuestionType.TrueFalse => "判断",
                    QuestionType.FillBlank => "填空",
                    _ => "简答",
                };
                Line($"{q.Position}. （{kind}，{q.Points:0.##} 分）{q.Stem}", bold);
                for (var i = 0; i < q.Options.Count; i++)
                {
                    Line($"{Letter(i)}. {q.Options[i]}", body, 16);
                }

                if (sheet.Archive is not null)
                {
                    Line($"作答：{(string.IsNullOrWhiteSpace(q.Answer) ? "（未作答）" : q.Answer)}    得分：{q.Awarded?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-"}", body, 16);
                }

                y += 4;
            }

            gfx!.Dispose();
            gfx = null;
        }

        public void AnswerSheet()
        {
            NewPage("答题卡");
            Line("请在字母上打“√”或写出答案；填空题按空的顺序填写。交卷后由保密办按答卷编号录入。", small);
            y += 4;
            foreach (var q in sheet.Questions)
            {
                var cells = q.Type switch
                {
                    QuestionType.FillBlank or QuestionType.ShortAnswer => "________________________________________",
                    _ => string.Join("    ", q.Options.Select((_, i) => $"[ {Letter(i)} ]")),
                };
                Line($"{q.Position}.    {cells}", body);
                if (q.Type == QuestionType.ShortAnswer)
                {
                    y += 60;
                }
            }

            y += 20;
            Line("考生签名：______________        监考签名：______________", body);
            gfx!.Dispose();
            gfx = null;
        }
    }
}
