/** Node objects as a small single-zone cluster reports them. */
import type { Node } from './types.js';

export const KUBELET_VERSION = 'v1.31.4';

export function makeNode(name: string, index: number, timestamp: string): Node {
  const address = `172.18.0.${index + 2}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': 'sim-zone-a',
        ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': 'true' } : {}),
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: `10.42.${index}.0/24` },
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: timestamp,
          lastTransitionTime: timestamp,
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastHeartbeatTime: timestamp,
          lastTransitionTime: timestamp,
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          lastHeartbeatTime: timestamp,
          lastTransitionTime: timestamp,
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: timestamp,
          lastTransitionTime: timestamp,
        },
      ],
      capacity: { cpu: '4', memory: '16331236Ki', pods: '110', 'ephemeral-storage': '102625208Ki' },
      allocatable: { cpu: '4', memory: '16331236Ki', pods: '110', 'ephemeral-storage': '99833802623' },
      addresses: [
        { type: 'InternalIP', address },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        containerRuntimeVersion: 'containerd://1.7.23',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'Ubuntu 24.04.1 LTS',
        kernelVersion: '6.8.0-49-generic',
      },
    },
  };
}
