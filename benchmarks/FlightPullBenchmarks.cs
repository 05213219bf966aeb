using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using RunMode = SharedTyped.Benchmarks.Infrastructure.RunMode;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Flight;

namespace SharedTyped.Benchmarks;

/// <summary>
/// Pulling a 1 GiB array over loopback into a new local segment with Arrow Flight, against a raw TCP
/// copy of the same bytes over loopback into a new segment: the cost of Flight's framing, gRPC and the
/// all-or-nothing staging on top of the socket itself.
/// </summary>
[Config(typeof(FlightGigabyteConfig))]
[CategoriesColumn]
public class FlightPullBenchmarks
{
    private const string Category = "Pull over loopback (1 GiB; 64 MiB in quick mode)";
    private const int Chunk = 4 << 20;

    /// <summary>1 GiB measured; CI's quick smoke run moves 64 MiB so that it stays short on a busy machine.</summary>
    private static long Bytes => RunMode.Quick ? 64L << 20 : Gigabyte.DataBytes;

    private static long Elements => Bytes / sizeof(double);

    private SharedArray<double>? _source;
    private SharedArrayFlightServer? _server;
    private const string BenchmarkToken = "benchmark-token";
    private TcpListener? _listener;
    private Task? _sender;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _made = [];

    [GlobalSetup]
    public void Setup()
    {
        _source = SharedArray.Create<double>(Scratch.UniqueName("pull-source"), [Elements], fill: 0.5);
        // TCP on loopback, like the raw baseline (a TCP listener needs a token).
        _server = SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Token = BenchmarkToken })
            .GetAwaiter().GetResult();
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _sender = Task.Run(SendForeverAsync);
    }

    /// <summary>The raw side: every connection gets the source's 1 GiB straight from the mapping.</summary>
    private async Task SendForeverAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener!.AcceptTcpClientAsync(_stop.Token);
            using var stream = client.GetStream();
            for (long sent = 0; sent < Bytes; sent += Chunk)
            {
                await stream.WriteAsync(Window(sent), _stop.Token);
            }
        }
    }

    private unsafe Memory<byte> Window(long offset) => new MappedMemory((byte*)_source!.DangerousGetPointer() + offset, Chunk).Memory;

    [GlobalCleanup]
    public void Cleanup()
    {
        RemoveMade();
        _stop.Cancel();
        _listener?.Stop();
        try
        {
            _sender?.Wait();
        }
        catch (AggregateException)
        {
            // Stopped while accepting.
        }
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_source is { } source)
        {
            var name = source.Name;
            source.Dispose();
            SharedArray.Delete(name);
        }
    }

    [IterationCleanup]
    public void RemoveMade()
    {
        foreach (var name in _made)
        {
            SharedArray.Delete(name);
        }
        _made.Clear();
    }

    [Benchmark(Baseline = true, Description = "raw TCP copy into a new segment")]
    [BenchmarkCategory(Category)]
    public unsafe void RawTcp()
    {
        using var target = SharedArray.Create<double>(Made("pull-raw"), [Elements]);
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, ((IPEndPoint)_listener!.LocalEndpoint).Port);
        using var stream = client.GetStream();
        var data = (byte*)target.DangerousGetPointer();
        for (long received = 0; received < Bytes;)
        {
            var read = stream.Read(new Span<byte>(data + received, (int)Math.Min(Chunk, Bytes - received)));
            if (read == 0)
            {
                throw new EndOfStreamException($"The raw sender stopped after {received} bytes.");
            }
            received += read;
        }
    }

    [Benchmark(Description = "SharedArrayFlight.Pull")]
    [BenchmarkCategory(Category)]
    public void Pull()
    {
        using var pulled = SharedArrayFlight.PullAsync<double>(_server!.Address, _source!.Name, new PullOptions
        {
            LocalName = Made("pull-flight"),
            Connection = new FlightConnectionOptions { Token = BenchmarkToken },
        }).GetAwaiter().GetResult();
    }

    private string Made(string kind)
    {
        var name = Scratch.UniqueName(kind);
        _made.Add(name);
        return name;
    }

    /// <summary>A window of the mapping as <see cref="Memory{T}"/>, for the socket's asynchronous writes.</summary>
    private sealed unsafe class MappedMemory(byte* start, int length) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(start, length);

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>
    /// The 1 GiB job of <see cref="GigabyteConfig"/> with fewer iterations (a pull is seconds, not
    /// milliseconds), run in this process: the server runs in the measured process anyway, and a
    /// generated project with the ASP.NET Core framework is slow to build on a busy machine.
    /// </summary>
    private sealed class FlightGigabyteConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public FlightGigabyteConfig()
        {
            var inProcess = new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true);
            AddJob(RunMode.Quick
                ? RunMode.QuickJob
                : Job.Default
                    .WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Monitoring)
                    .WithLaunchCount(1)
                    .WithWarmupCount(1)
                    .WithIterationCount(6)
                    .WithInvocationCount(1)
                    .WithUnrollFactor(1)
                    .WithToolchain(inProcess)
                    .WithId("Full"));
            AddLogicalGroupRules(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory);
        }
    }
}
