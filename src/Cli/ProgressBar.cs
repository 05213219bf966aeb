using System.Globalization;

namespace SharedTyped.Cli;

/// <summary>
/// A one-line progress bar on stderr, redrawn in place with a carriage return whenever the whole
/// percentage changes, so that a slow terminal is not flooded.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, string label, long total)
{
    private const int Width = 30;
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
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%  {Mebibytes(done)}/{Mebibytes(total)} MiB"));
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
}
