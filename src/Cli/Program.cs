using SharedTyped.Cli;

return (int)App.Run(args, Console.Out, Console.Error);
