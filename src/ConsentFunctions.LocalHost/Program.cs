using ConsentFunctions.LocalHost;

// Runs the Functions app's own classes without Azure Functions Core Tools (README, "The two commands": why a local host).
await using var host = await LocalHostApp.StartAsync(args);
await host.App.WaitForShutdownAsync();
