import { useContext } from 'preact/hooks';
import {
  type AppServices,
  ServicesContext,
  type SignedIn,
  SignedInContext,
} from '../data/app-services.ts';

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}

/** Screens behind sign-in only render inside the signed-in provider. */
export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext);
  if (!signedIn) throw new Error('useSignedIn outside a signed-in screen');
  return signedIn;
}
