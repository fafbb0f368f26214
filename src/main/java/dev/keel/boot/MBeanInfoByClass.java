package dev.keel.boot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedInstance;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.api.management.NotificationSenderAware;
import org.apache.camel.spi.ManagementMBeanAssembler;
import org.apache.camel.support.management.DefaultManagementMBeanAssembler;
import org.apache.camel.support.management.MBeanInfoAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;
import org.apache.camel.support.management.NotificationSenderAdapter;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's MBean assembler, with each managed class's ModelMBeanInfo built once instead of once per MBean. Camel builds
 * it from the class's annotations for every route, step, endpoint and service it registers, and checking each
 * attribute's and operation's descriptor again was most of JMX's cost at start-up (#20). The info depends only on the
 * class (its name, its @ManagedResource description, its annotated methods), and every ModelMBean takes a copy of it,
 * so sharing it changes nothing JMX, Hawtio or Jolokia show. MBeans with a custom embedded instance (a mixin of two
 * infos) are rare and go to Camel's own assembler.
 */
final class MBeanInfoByClass extends ServiceSupport implements ManagementMBeanAssembler {

    private final CamelContext camel;
    private final MBeanInfoAssembler infos;
    private final DefaultManagementMBeanAssembler mixins;
    private final Map<Class<?>, ModelMBeanInfo> built = new ConcurrentHashMap<>();

    MBeanInfoByClass(CamelContext camel) {
        this.camel = camel;
        this.infos = new MBeanInfoAssembler(camel);
        this.mixins = new DefaultManagementMBeanAssembler(camel);
    }

    /** Puts it in place of Camel's; call before the context starts (the management agent takes it when it starts). */
    static void install(CamelContext camel) {
        camel.getCamelContextExtension().setManagementMBeanAssembler(new MBeanInfoByClass(camel));
    }

    /** How many classes' infos were built (each shared by all MBeans of that class). */
    int classes() {
        return built.size();
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object managed, ObjectName name) throws JMException {
        if (managed instanceof ManagedInstance instance && instance.getInstance() != null
                && instance.getInstance().getClass().isAnnotationPresent(ManagedResource.class)) {
            return mixins.assemble(server, managed, name);
        }
        ModelMBeanInfo info = built.get(managed.getClass());
        if (info == null) {
            info = infos.getMBeanInfo(camel, managed, null, name.toString());
            if (info == null) {
                return null; // a proxy class: Camel does not manage it either
            }
            built.put(managed.getClass(), info);
        }
        Boolean mask = camel.getManagementStrategy().getManagementAgent().getMask();
        // the constructor copies the info (RequiredModelMBean.setModelMBeanInfo clones it)
        MixinRequiredModelMBean mbean = new MixinRequiredModelMBean(info, Boolean.TRUE.equals(mask), null, null);
        try {
            mbean.setManagedResource(managed, "ObjectReference");
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
        if (managed instanceof NotificationSenderAware aware) {
            aware.setNotificationSender(new NotificationSenderAdapter(mbean));
        }
        return mbean;
    }

    @Override
    protected void doInit() throws Exception {
        ServiceHelper.initService(infos, mixins);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(infos, mixins);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(infos, mixins);
    }
}
