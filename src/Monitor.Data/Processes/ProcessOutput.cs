using System.Text;
using CliWrap;

namespace Monitor.Data.Processes;

/// <summary>A child's output as it arrives: each stream, both interleaved, and the lines in order (optionally only the last N).</summary>
internal sealed class ProcessOutput(int maxLines)
{
    private readonly StringBuilder standardOutput = new();
    private readonly StringBuilder standardError = new();
    private readonly List<string> lines = [];
    private int dropped;

    public static ProcessOutput Unlimited() => new(int.MaxValue);

    public Command Capture(Command command) => command
        .WithStandardOutputPipe(PipeTarget.Merge(command.StandardOutputPipe, PipeTarget.ToDelegate(line => Add(line, standardOutput))))
        .WithStandardErrorPipe(PipeTarget.Merge(command.StandardErrorPipe, PipeTarget.ToDelegate(line => Add(line, standardError))));

    public string StandardOutput => Read(() => standardOutput.ToString());

    public string StandardError => Read(() => standardError.ToString());

    public string Interleaved => Read(() => string.Join('\n', lines) + (lines.Count > 0 ? "\n" : ""));

    /// <summary>Lines from absolute index <paramref name="from"/> on (lines dropped by the limit are skipped).</summary>
    public IReadOnlyList<string> LinesFrom(int from) => Read(() => lines.Skip(Math.Max(0, from - dropped)).ToList());

    public int LineCount => Read(() => dropped + lines.Count);

    private void Add(string line, StringBuilder stream)
    {
        lock (lines)
        {
            if (maxLines == int.MaxValue)
            {
                stream.AppendLine(line);
            }

            lines.Add(line);
            if (lines.Count > maxLines)
            {
                lines.RemoveAt(0);
                dropped++;
            }
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (lines)
        {
            return read();
        }
    }
}
