using System.Text;

namespace Monitor.Dashboards.Tests.Docker;

/// <summary>One Dockerfile instruction (keyword upper-cased, continuation lines joined) and the stage it belongs to.</summary>
internal sealed record DockerInstruction(int Stage, string Keyword, string Arguments)
{
    /// <summary>Parses a Dockerfile: skips comments and blank lines, joins lines ending in a backslash.</summary>
    public static IReadOnlyList<DockerInstruction> Parse(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var pending = new StringBuilder();
        foreach (var raw in dockerfile.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            var text = pending.ToString().Trim();
            pending.Clear();
            if (text.Length == 0)
            {
                continue;
            }

            var space = text.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(stage, keyword, space < 0 ? string.Empty : text[(space + 1)..].Trim()));
        }

        return instructions;
    }

    /// <summary>True for the JSON-array (exec) form, e.g. <c>["dotnet", "monitor.dll"]</c>.</summary>
    public bool IsExecForm => Arguments.StartsWith('[') && Arguments.EndsWith(']');
}
