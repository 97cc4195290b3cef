using System.Globalization;
using System.Text;

namespace Monitor.Worker.Tests.Support;

/// <summary>One sample of a scrape: metric name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A scrape in the Prometheus text exposition format (version 0.0.4), parsed independently of the exporter:
/// <c>name{label="value",...} value [timestamp]</c> lines, comments skipped, label values unescaped.
/// </summary>
public sealed class PrometheusScrape(IReadOnlyList<PrometheusSample> samples, string text)
{
    public IReadOnlyList<PrometheusSample> Samples { get; } = samples;

    public string Text { get; } = text;

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusScrape(samples, text);
    }

    /// <summary>Samples of <paramref name="name"/> whose labels include every given pair.</summary>
    public IReadOnlyList<PrometheusSample> Find(string name, params (string Label, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value))];

    /// <summary>The value of the one sample matching, or null when there is none; more than one fails.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var found = Find(name, labels);
        Assert.True(found.Count <= 1, $"{found.Count} samples of {name} match {string.Join(",", labels)}:\n{Text}");
        return found.Count == 0 ? null : found[0].Value;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var label = line[position..equals].Trim();
                position = equals + 1;
                Assert.True(line[position] == '"', $"label {label} has no quoted value: {line}");
                position++;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] == 'n' ? '\n' : line[position]);
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                labels[label] = value.ToString();
                position++;
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        var fields = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fields.Length is 1 or 2, $"not a sample line: {line}");
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var other => double.Parse(other, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
