package io.streambot.providers.internal;

import io.streambot.runtime.seams.Sleeper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider whose operations the test scripts, to exercise the base class alone. */
final class ScriptedProvider extends CustomResourceHandler {
    interface Step {
        Outcome run(CustomResourceRequest request, Work work) throws Exception;
    }

    private final Step onCreate;
    private final Step onUpdate;
    final List<String> calls = new CopyOnWriteArrayList<>();

    ScriptedProvider(Sleeper sleeper, Step onCreate, Step onUpdate) {
        super(sleeper);
        this.onCreate = onCreate;
        this.onUpdate = onUpdate;
    }

    @Override
    protected Outcome create(CustomResourceRequest request, Work work) throws Exception {
        calls.add("create");
        return onCreate.run(request, work);
    }

    @Override
    protected Outcome update(CustomResourceRequest request, String physicalResourceId, Work work) throws Exception {
        calls.add("update " + physicalResourceId);
        return onUpdate.run(request, work);
    }

    @Override
    protected void delete(CustomResourceRequest request, String physicalResourceId, Work work) {
        calls.add("delete " + physicalResourceId);
    }
}
