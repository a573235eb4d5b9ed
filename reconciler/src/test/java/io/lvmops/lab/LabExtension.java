package io.lvmops.lab;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a freshly booted lab (two nodes, one blank LUN unless {@link LabSize} says otherwise) and
 * takes it down afterwards, leaving no process behind. Inject it as a {@link Lab} parameter.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        LabSize size = context.getRequiredTestClass().getAnnotation(LabSize.class);
        int nodes = size == null ? 2 : size.nodes();
        int luns = size == null ? 1 : size.luns();
        String lunSize = size == null ? "2G" : size.lunSize();
        context.getStore(NS).put("lab", Lab.up(nodes, luns, lunSize, size != null && size.lockd()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Lab lab = context.getStore(NS).remove("lab", Lab.class);
        if (lab != null) {
            lab.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return findInParents(extensionContext);
    }

    private static Lab findInParents(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Lab lab = c.getStore(NS).get("lab", Lab.class);
            if (lab != null) {
                return lab;
            }
        }
        throw new IllegalStateException("no lab: annotate the class with @ExtendWith(LabExtension.class)");
    }
}
