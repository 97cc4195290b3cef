namespace Monitor.Worker.Watchlist;

/// <summary>Where the YAML watchlist lives: <c>WatchlistFile</c> (relative to the working directory), else the shipped default.</summary>
public static class WatchlistFile
{
    public const string ConfigurationKey = "WatchlistFile";
    public const string DefaultFileName = "watchlist.yaml";

    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ConfigurationKey];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, DefaultFileName)
            : Path.GetFullPath(configured);
    }

    /// <summary>Adds the watchlist file to configuration; a missing file is a configuration error.</summary>
    public static void AddTo(IConfigurationBuilder builder, IConfiguration current)
    {
        var path = Resolve(current);
        if (!File.Exists(path))
        {
            throw new WatchlistException($"watchlist file '{path}' does not exist (set {ConfigurationKey} to a YAML watchlist)");
        }

        try
        {
            builder.AddYamlFile(path, optional: false, reloadOnChange: false);
            _ = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or YamlDotNet.Core.YamlException)
        {
            throw new WatchlistException($"{path}: not valid YAML: {e.Message}", e);
        }
    }
}
