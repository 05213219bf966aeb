using System.Diagnostics;
using System.Globalization;

namespace SharedTyped.Cli;

/// <summary>
/// A one-line progress bar on stderr with the rate and the time left, redrawn in place with a carriage return
/// whenever the whole percentage changes, so that a slow terminal is not flooded.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, string label, long total) : IProgress<long>
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _shownPercent = -1;

    public void Report(long done)
    {
        var percent = total <= 0 ? 100 : (int)Math.Min(100, done * 100 / total);
        if (percent == _shownPercent)
        {
            return;
        }
        _shownPercent = percent;
        var filled = percent * Width / 100;
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? done / seconds : 0;
        var left = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - done) / rate) : (TimeSpan?)null;
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%  {Mebibytes(done)}/{Mebibytes(total)} MiB  {Mebibytes((long)rate)} MiB/s  {Left(left)} left"));
        writer.Flush();
    }

    /// <summary>Ends the line, so whatever is printed next starts on its own.</summary>
    public void Finish()
    {
        if (_shownPercent >= 0)
        {
            writer.WriteLine();
        }
    }

    private static string Mebibytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Left(TimeSpan? left) => left switch
    {
        null => "?",
        { TotalHours: >= 1 } t => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m"),
        { TotalMinutes: >= 1 } t => string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s"),
        var t => string.Create(CultureInfo.InvariantCulture, $"{t.Value.TotalSeconds:0}s"),
    };
}
