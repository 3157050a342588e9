using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SecrecyTraining.Web.Features.Certificates;

namespace SecrecyTraining.Bench;

/// <summary>
/// Prints N certificates as one streamed PDF (the department print) into a counting sink and records the time, the size and
/// the peak managed heap, for several N: the memory figure should stay flat as N grows.
/// </summary>
public static class CertificatePrinting
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public sealed record Figure(int Certificates, double Seconds, long Bytes, double PeakHeapMiB, double CertificatesPerSecond);

    public static async Task<string> RunAsync(IReadOnlyList<int> counts)
    {
        var pdf = new CertificatePdf();
        await pdf.WriteManyAsync(Sheets(5, null), Stream.Null); // load the font and JIT once, outside the figures
        var figures = new List<Figure>();
        foreach (var count in counts)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var peak = new long[1];
            var sink = new CountingStream();
            var watch = Stopwatch.StartNew();
            await pdf.WriteManyAsync(Sheets(count, peak), sink);
            watch.Stop();
            figures.Add(new Figure(count, Math.Round(watch.Elapsed.TotalSeconds, 2), sink.Count, Math.Round(peak[0] / 1048576.0, 1),
                Math.Round(count / watch.Elapsed.TotalSeconds, 1)));
            Console.WriteLine(figures[^1]);
        }

        return JsonSerializer.Serialize(new { benchmark = "certificate-pdf", at = DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), figures },
            Indented);
    }

    private static async IAsyncEnumerable<CertificateSheet> Sheets(int count, long[]? peak)
    {
        for (var i = 1; i <= count; i++)
        {
            if (peak is not null && i % 10 == 0)
            {
                peak[0] = Math.Max(peak[0], GC.GetTotalMemory(false));
            }

            await Task.Yield();
            yield return new CertificateSheet("示范机关", "示范机关保密委员会办公室", "张" + (char)('伟' + (i % 50)), $"{100000 + i}", "业务处",
                "上岗保密培训合格", 92.5m, $"BM-2026-{i:D6}", new(2026, 1, 10), new(2027, 1, 10),
                "http://intranet.local/verify?c=" + new string('x', 170));
        }
    }

    private sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
