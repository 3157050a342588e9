using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Features.Certificates;

namespace SecrecyTraining.Tests.Unit;

public sealed class CertificatePdfTests
{
    [Fact]
    public async Task ManyCertificatesAreStreamedAsOneDocumentAcrossChunks()
    {
        var count = (CertificatePdf.ChunkSize * 2) + 5;
        var output = new ForwardOnlyStream();

        var pages = await new CertificatePdf().WriteManyAsync(Sheets(count), output);
        var text = await Pdf.TextAsync(output.ToArray());

        Assert.Equal(count, pages);
        Assert.Equal(count, Pdf.Pages(text));
        Assert.Contains("持证人一", text);
        Assert.Contains($"持证人{count}", text);
        Assert.Contains($"BM-2026-{count:D6}", text);
    }

    [Fact]
    public async Task NoCertificateWritesNothing()
    {
        var output = new ForwardOnlyStream();

        Assert.Equal(0, await new CertificatePdf().WriteManyAsync(Sheets(0), output));
        Assert.Empty(output.ToArray());
    }

    private static async IAsyncEnumerable<CertificateSheet> Sheets(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            yield return new CertificateSheet("示范机关", "示范机关保密委员会办公室", i == 1 ? "持证人一" : $"持证人{i}", $"2000{i:D2}", "业务处",
                "上岗保密培训合格", 95, $"BM-2026-{i:D6}", new(2026, 1, 10), new(2027, 1, 10), "http://intranet/verify?c=abc");
        }
    }

    /// <summary>An HTTP response body: it can be written, never sought or read back by the writer.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        private readonly MemoryStream inner = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] ToArray() => inner.ToArray();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
