return await Monitor.Worker.Cli.MonitorCommandLine.RunAsync(args);
