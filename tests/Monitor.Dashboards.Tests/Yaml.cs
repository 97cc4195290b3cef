using YamlDotNet.RepresentationModel;

namespace Monitor.Dashboards.Tests;

/// <summary>Small helpers over YamlDotNet's representation model for reading config files in assertions.</summary>
internal static class Yaml
{
    public static YamlMappingNode LoadFile(string path) => Load(File.ReadAllText(path));

    public static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlMappingNode Map(this YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    public static YamlSequenceNode Seq(this YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node)[key];

    public static string? Text(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static bool Has(this YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(key);

    public static IEnumerable<YamlMappingNode> Maps(this YamlSequenceNode sequence) => sequence.Children.Cast<YamlMappingNode>();

    public static IEnumerable<string> Scalars(this YamlSequenceNode sequence) =>
        sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty);
}
