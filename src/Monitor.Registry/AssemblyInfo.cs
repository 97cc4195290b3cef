using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Monitor.Registry.Tests")]
