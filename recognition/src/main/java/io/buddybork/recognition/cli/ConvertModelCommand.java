package io.buddybork.recognition.cli;

import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code convert-model IN OUT}: rewrites a model file of the old Java-serialised format (1) in the
 * current plain-data format (a file in the current format is rewritten as is), with its metadata.
 * Only for files one trusts as much as the program: the old format is read through a strict
 * filter, but it is still Java deserialisation.
 */
@Command(
        name = "convert-model",
        mixinStandardHelpOptions = true,
        description = "Convert a model file of the old Java-serialised format (1) to the current format.")
public final class ConvertModelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "model file to read (old or current format)")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "model file to write (may be IN)")
    Path out;

    @Override
    public Integer call() throws Exception {
        int format = ModelStore.formatOf(in);
        OpenSetModel model = ModelStore.convert(in, out);
        System.out.println("converted " + in + " (format " + format + ") to " + out + " (format "
                + ModelStore.FORMAT_VERSION + ", tags " + String.join(", ", model.tags()) + ") and "
                + ModelStore.metadataPath(out));
        return 0;
    }
}
