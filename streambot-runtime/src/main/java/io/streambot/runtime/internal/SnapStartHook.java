package io.streambot.runtime.internal;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Tells the runtime about SnapStart checkpoints and restores through the CRaC hooks Lambda calls
 * ({@code org.crac}); without a CRaC-capable JVM the registration is a no-op.
 */
final class SnapStartHook implements Resource {
    /** CRaC holds resources weakly: keep ours reachable. */
    private static volatile SnapStartHook registered;

    private final StreambotRuntime runtime;

    private SnapStartHook(StreambotRuntime runtime) {
        this.runtime = runtime;
    }

    static void register(StreambotRuntime runtime) {
        try {
            SnapStartHook hook = new SnapStartHook(runtime);
            Core.getGlobalContext().register(hook);
            registered = hook;
        } catch (LinkageError e) {
            // org-crac was excluded from the bundle: no SnapStart support, nothing else changes.
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        runtime.beforeCheckpoint();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        runtime.afterRestore();
    }
}
