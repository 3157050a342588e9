using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SecrecyTraining.Tests.Support;

/// <summary>
/// Forwards a local port to a server (the test PostgreSQL). <see cref="Cut"/> drops every connection and refuses new
/// ones, as a dead database server or a pulled cable would; <see cref="Restore"/> lets them through again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> open = new();
    private readonly CancellationTokenSource stop = new();
    private volatile bool cut;

    private TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static TcpProxy To(string host, int port) => new(host, port);

    public void Cut()
    {
        cut = true;
        foreach (var (client, upstream) in open)
        {
            client.Dispose();
            upstream.Dispose();
        }

        open.Clear();
    }

    public void Restore() => cut = false;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (cut)
            {
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stop.Token);
            open[client] = upstream;
            await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream(), stop.Token), upstream.GetStream().CopyToAsync(client.GetStream(), stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // a cut, or either side closing
        }
        finally
        {
            open.TryRemove(client, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        Cut();
        stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
